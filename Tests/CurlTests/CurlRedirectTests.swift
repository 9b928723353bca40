import Curl
import Foundation
import TestSupport
import Testing

@Suite("CurlClient redirects and protocols")
struct CurlRedirectTests {
    @Test("redirects are followed, the chain keeps each hop's status, headers are the final response's")
    func redirectChain() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old": .redirect(to: "/moved", status: 301).adding(header: "X-Hop", "old")
            case "/moved": .redirect(to: "/final", status: 302).adding(header: "X-Hop", "moved")
            default: .ok(body: "final")
            }
        }
        defer { server.stop() }
        let response = try await withClient { try await $0.perform(quickRequest(server.url("/old"))) }
        #expect(response.status == 200)
        #expect(response.effectiveURL == server.url("/final"))
        #expect(response.redirectCount == 2)
        #expect(response.hops.map(\.status) == [301, 302, 200])
        #expect(response.hops.map(\.url) == [server.url("/old"), server.url("/moved"), server.url("/final")])
        #expect(response.redirects.map(\.status) == [301, 302])
        #expect(response.header("x-hop") == nil)
        #expect(response.header("location") == nil)
        #expect(String(decoding: response.body, as: UTF8.self) == "final")
    }

    @Test("with maxRedirects 0 a redirect is returned as the response")
    func redirectNotFollowed() async throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: "/elsewhere", status: 308) }
        defer { server.stop() }
        var request = quickRequest(server.url("/feed"))
        request.maxRedirects = 0
        let response = try await withClient { try await $0.perform(request) }
        #expect(response.status == 308)
        #expect(response.header("Location") == "/elsewhere")
        #expect(server.requests.count == 1)
    }

    @Test("a redirect loop fails with tooManyRedirects")
    func tooManyRedirects() async throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: "/loop") }
        defer { server.stop() }
        var request = quickRequest(server.url("/loop"))
        request.maxRedirects = 3
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .tooManyRedirects)
        #expect(error?.curlCode == 47)
        #expect(server.requests.count == 4)
    }

    @Test("a redirect to file:// is refused even when file URLs are allowed")
    func redirectToFileRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: "file:///etc/hostname") }
        defer { server.stop() }
        var request = quickRequest(server.url("/sneaky"))
        request.allowFile = true
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .unsupportedProtocol)
    }

    @Test("file:// URLs are refused by default and read when allowed")
    func fileURLs() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("curl-test-\(UUID().uuidString).xml").path
        try Data("<feed/>".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withClient { client in
            let refused = await failure(of: quickRequest("file://\(path)"), on: client)
            #expect(refused?.code == .unsupportedProtocol)
            #expect(refused?.shortDescription == "unsupportedProtocol")

            var allowed = quickRequest("file://\(path)")
            allowed.allowFile = true
            let response = try await client.perform(allowed)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "<feed/>")
        }
    }

    @Test("an unknown scheme fails with unsupportedProtocol")
    func unknownScheme() async throws {
        let error = try await withClient { await failure(of: quickRequest("gopher://127.0.0.1/"), on: $0) }
        #expect(error?.code == .unsupportedProtocol)
    }
}
