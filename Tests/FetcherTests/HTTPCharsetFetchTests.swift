import Config
import Curl
import Feed
import Fetcher
import Foundation
import TestSupport
import Testing

/// The fetcher hands the charset of the response's Content-Type to the parser: a real server on 127.0.0.1 serves
/// feeds whose bytes only read right in the encoding the header names.
@Suite("HTTP charset through the fetcher")
struct HTTPCharsetFetchTests {
    /// A Portuguese headline in capitals: in ISO-8859-1 its `ÇÃ`/`ÇÕ` pairs look like EUC-KR Hangul, so the bytes
    /// alone would be read as Korean.
    static let title = "INFORMAÇÕES: AÇÃO E REAÇÃO NA ADMINISTRAÇÃO"

    /// An undeclared RSS document (no XML declaration) in ISO-8859-1.
    static func latin1Feed() throws -> Data {
        let xml = """
            <rss version="2.0"><channel><title>Notícias</title>
            <item><guid>a1</guid><title>\(title)</title><link>https://example.org/a1</link></item>
            </channel></rss>
            """
        return try #require(xml.data(using: .isoLatin1))
    }

    func fetch(_ server: LoopbackHTTPServer, path: String) async throws -> FetchOutcome {
        let settings = Configuration.Fetch(
            contact: "mailto:ops@example.org", timeoutSeconds: 5, connectTimeoutSeconds: 2)
        let fetcher = FeedFetcher(client: try CurlClient(), settings: settings, userAgent: "brinkwatch-test")
        let feed = FeedSource(name: "latin", url: server.url(path))
        return await fetcher.fetch(feed, state: FeedState(url: feed.url), now: Date())
    }

    @Test("a Latin-1 feed served as application/rss+xml; charset=ISO-8859-1 gives the right title")
    func latin1() async throws {
        let body = try Self.latin1Feed()
        let server = try LoopbackHTTPServer(routes: [
            "/declared": .ok(body: body, contentType: "application/rss+xml; charset=ISO-8859-1"),
            "/bare": .ok(body: body, contentType: "application/rss+xml"),
        ])
        defer { server.stop() }

        guard case .fresh(let document, _) = try await fetch(server, path: "/declared") else {
            Issue.record("the fetch did not give a fresh document")
            return
        }
        #expect(document.encodingRule == .httpCharset)
        #expect(document.encoding == "ISO-8859-1")
        #expect(document.title == "Notícias")
        #expect(document.items.first?.title == Self.title)
        #expect(document.errors.isEmpty)

        // The same bytes without the charset are taken for Korean: the header is what makes the difference.
        guard case .fresh(let sniffed, _) = try await fetch(server, path: "/bare") else {
            Issue.record("the fetch did not give a fresh document")
            return
        }
        #expect(sniffed.encodingRule == .koreanDetection)
        #expect(sniffed.items.first?.title != Self.title)
    }

    @Test("a quoted, upper-case charset among other parameters still reaches the parser")
    func quotedCharset() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/feed": .ok(body: try Self.latin1Feed(), contentType: "text/xml; Version=2; CHARSET=\"iso-8859-1\"")
        ])
        defer { server.stop() }
        guard case .fresh(let document, _) = try await fetch(server, path: "/feed") else {
            Issue.record("the fetch did not give a fresh document")
            return
        }
        #expect(document.encodingRule == .httpCharset)
        #expect(document.items.first?.title == Self.title)
    }
}
