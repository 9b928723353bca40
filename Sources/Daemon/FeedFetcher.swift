import Config
import Curl
import Feed
import Foundation

/// Fetches one feed over libcurl and parses it: the transport and HTTP rules of a single fetch,
/// with no queue or schedule in it.
struct FeedFetcher: Sendable {
    let client: CurlClient
    let settings: Configuration.Fetch

    var userAgent: String {
        var agent = "brinkwatch/\(BrinkwatchVersion.string) (feed fetcher"
        if let contact = settings.contact { agent += "; +\(contact)" }
        return agent + ")"
    }

    func fetch(_ feed: FeedSource, state: FeedState, now: Date) async -> FetchOutcome {
        var headers = [HTTPHeader("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")]
        // Validators go back exactly as the server sent them.
        if let etag = state.etag { headers.append(HTTPHeader("If-None-Match", etag)) }
        if let lastModified = state.lastModified { headers.append(HTTPHeader("If-Modified-Since", lastModified)) }
        headers += feed.headers.map { HTTPHeader($0.name, $0.value) }
        let request = CurlRequest(
            url: state.url,
            headers: headers,
            userAgent: userAgent,
            connectTimeout: .seconds(settings.connectTimeoutSeconds),
            totalTimeout: .seconds(settings.timeoutSeconds),
            maxBytes: settings.maxBytes,
            allowFile: feed.isFile,
            proxy: settings.proxy ?? ProxyEnvironment.proxy(for: state.url),
            caFile: settings.caFile
        )
        let response: CurlResponse
        do {
            response = try await client.perform(request)
        } catch {
            return .failed(message: error.message, status: nil)
        }
        var body = FetchOutcome.FetchedBody(
            requestedURL: state.url,
            effectiveURL: response.effectiveURL,
            status: response.status,
            etag: response.header("ETag"),
            lastModified: response.header("Last-Modified")
        )
        if response.status == 304 {
            body.etag = body.etag ?? state.etag
            body.lastModified = body.lastModified ?? state.lastModified
            body.sha256 = state.bodySHA256
            return .unchanged(body)
        }
        guard (200..<300).contains(response.status) else {
            return .failed(message: "HTTP \(response.status) from \(response.effectiveURL)", status: response.status)
        }
        let hash = SHA256.hex(response.body)
        body.sha256 = hash
        if hash == state.bodySHA256 { return .unchanged(body) }
        let document = FeedParser.parse(response.body, feed: feed.name, documentURL: response.effectiveURL, now: now)
        if document.items.isEmpty, let first = document.errors.first {
            return .failed(message: "not a usable feed: \(first)", status: response.status)
        }
        return .fresh(document, body)
    }
}
