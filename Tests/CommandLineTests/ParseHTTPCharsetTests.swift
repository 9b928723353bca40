import Foundation
import TestSupport
import Testing

/// `brinkwatch parse URL` reads the body in the charset the server names, as the daemon's fetcher does.
@Suite("parse honours the HTTP charset")
struct ParseHTTPCharsetTests {
    @Test("a Latin-1 feed served with charset=ISO-8859-1 prints the right title")
    func latin1() async throws {
        // In ISO-8859-1 the pairs "ÇÃ" and "ÇÕ" look like EUC-KR Hangul: without the header, they read as Korean.
        let title = "INFORMAÇÕES: AÇÃO E REAÇÃO NA ADMINISTRAÇÃO"
        let xml = "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>\(title)</title>"
            + "</item></channel></rss>"
        let body = try #require(xml.data(using: .isoLatin1))
        let server = try LoopbackHTTPServer(routes: [
            "/latin": .ok(body: body, contentType: "application/rss+xml; charset=ISO-8859-1"),
            "/bare": .ok(body: body, contentType: "application/rss+xml"),
        ])
        defer { server.stop() }

        let served = try await BrinkwatchProcess.run(["parse", "--errors", server.url("/latin")])
        #expect(served.status == 0, "\(served.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(served.stdout.utf8)) as? [String: Any]
        #expect(object?["title"] as? String == title)

        let bare = try await BrinkwatchProcess.run(["parse", server.url("/bare")])
        #expect(!bare.stdout.contains(title))
    }
}
