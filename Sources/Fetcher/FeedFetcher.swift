import Config
import CoreMetrics
import Curl
import Feed
import Foundation
import Telemetry

/// Fetches one feed over libcurl and parses it: the HTTP rules of a single fetch, with no
/// queue or schedule in it.
public struct FeedFetcher: Sendable {
    let client: CurlClient
    let settings: Configuration.Fetch
    let userAgent: String

    public init(client: CurlClient, settings: Configuration.Fetch, userAgent: String) {
        self.client = client
        self.settings = settings
        self.userAgent = userAgent
    }

    /// Fetches and parses `feed`, and records the fetch in the metrics (outcome, bytes, time).
    ///
    /// `transferred` is called once, as soon as the transfer has ended (with a body or without),
    /// before the body is hashed and parsed: a round gives its host's transfer slot back there.
    public func fetch(
        _ feed: FeedSource, state: FeedState, now: Date, transferred: @Sendable () async -> Void = {}
    ) async -> FetchOutcome {
        let outcome = await fetchAndParse(feed, state: state, now: now, transferred: transferred)
        Counter(label: MetricNames.fetches, dimensions: [(MetricNames.Label.outcome, outcome.metricLabel)]).increment()
        return outcome
    }

    private func fetchAndParse(
        _ feed: FeedSource, state: FeedState, now: Date, transferred: @Sendable () async -> Void
    ) async -> FetchOutcome {
        let response: CurlResponse
        let started = ContinuousClock.now
        do {
            response = try await client.perform(request(for: feed, state: state))
            await transferred()
        } catch {
            await transferred()
            Self.recordTransfer(ContinuousClock.now - started, bytes: 0)
            let network = error.code == .couldNotResolve || error.code == .couldNotConnect
            return .failed(message: error.message, status: nil, network: network)
        }
        Self.recordTransfer(ContinuousClock.now - started, bytes: response.downloadedBytes)
        var body = FetchOutcome.FetchedBody(
            requestedURL: state.url,
            effectiveURL: response.effectiveURL,
            status: response.status,
            etag: response.header("ETag"),
            lastModified: response.header("Last-Modified"),
            hints: FreshnessHints(header: response.header, now: now),
            movedTo: Self.permanentMove(response)
        )
        switch response.status {
        case 304:
            // Keep validators the 304 did not repeat; adopt any new ones.
            body.etag = body.etag ?? state.etag
            body.lastModified = body.lastModified ?? state.lastModified
            body.sha256 = state.bodySHA256
            return .unchanged(body)
        case 429, 503:
            return .rateLimited(body)
        case 410:
            return .gone(body)
        case 200..<300:
            break
        default:
            return .failed(message: "HTTP \(response.status) from \(response.effectiveURL)", status: response.status, network: false)
        }
        let hash = SHA256.hex(response.body)
        body.sha256 = hash
        if hash == state.bodySHA256 { return .unchanged(body) }
        if state.earlierBodies.contains(hash) {
            // An old copy: nothing in it is new, and the newest body, with its validators, stays
            // the one to compare with (else the next fetch of the newest would pass for news,
            // and every edit in it for an edit again).
            body.sha256 = state.bodySHA256
            body.etag = state.etag
            body.lastModified = state.lastModified
            body.staleCopy = true
            return .unchanged(body)
        }
        // The charset the server names for the body outranks the XML declaration (but not a byte order mark).
        let charset = response.header("Content-Type").flatMap(ContentTypeCharset.label(in:))
        let document = FeedParser.parse(
            response.body, feed: feed.name, documentURL: response.effectiveURL, httpCharset: charset, now: now
        )
        // An encoding note (an ignored charset, say) comes first in the list but is seldom why nothing parsed.
        if document.items.isEmpty, let first = document.errors.first(where: { $0.code != .encoding })
            ?? document.errors.first
        {
            return .failed(message: "not a usable feed: \(first)", status: response.status, network: false)
        }
        if let ttl = document.ttlMinutes { body.hints.ttl = TimeInterval(ttl * 60) }
        return .fresh(document, body)
    }

    /// Adds one transfer to the fetch time histogram and the byte counter.
    private static func recordTransfer(_ elapsed: Duration, bytes: Int64) {
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        CoreMetrics.Timer(label: MetricNames.fetchDuration).recordNanoseconds(nanoseconds)
        if bytes > 0 { Counter(label: MetricNames.fetchBytes).increment(by: bytes) }
    }

    func request(for feed: FeedSource, state: FeedState) -> CurlRequest {
        var headers = [HTTPHeader("Accept", Self.accept)]
        // Validators go back exactly as the server sent them.
        if let etag = state.etag { headers.append(HTTPHeader("If-None-Match", etag)) }
        if let lastModified = state.lastModified { headers.append(HTTPHeader("If-Modified-Since", lastModified)) }
        headers += feed.headers.map { HTTPHeader($0.name, $0.value) }
        return CurlRequest(
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
    }

    static let accept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"

    /// The URL after the permanent redirects (301, 308) that start the chain; nil when the first
    /// hop is not a permanent redirect. A temporary redirect (302, 307) never moves a feed.
    static func permanentMove(_ response: CurlResponse) -> String? {
        var moved: String?
        for (index, hop) in response.hops.enumerated().dropLast() {
            guard hop.status == 301 || hop.status == 308 else { break }
            moved = response.hops[index + 1].url
        }
        return moved
    }
}
