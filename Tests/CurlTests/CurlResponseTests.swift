import Curl
import Foundation
import TestSupport
import Testing

@Suite("CurlClient responses")
struct CurlResponseTests {
    @Test("a 200 returns its body, status, URL and lowercased headers")
    func okResponse() async throws {
        let server = try LoopbackHTTPServer { _ in
            .ok(body: "<rss>hello</rss>", contentType: "application/rss+xml").adding(header: "ETag", "\"v1\"")
        }
        defer { server.stop() }
        let response = try await withClient { try await $0.perform(quickRequest(server.url("/feed.xml"))) }
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<rss>hello</rss>")
        #expect(response.effectiveURL == server.url("/feed.xml"))
        #expect(response.header("Content-Type") == "application/rss+xml")
        #expect(response.header("etag") == "\"v1\"")
        #expect(response.headers.allSatisfy { $0.name == $0.name.lowercased() })
        #expect(response.redirectCount == 0)
        #expect(response.hops == [CurlResponse.Hop(status: 200, url: server.url("/feed.xml"))])
        #expect(response.downloadedBytes == 16)
        #expect(response.totalTime > .zero)
    }

    @Test("header values lose the spaces and tabs around them, and nothing else")
    func headerBlanks() async throws {
        let server = try LoopbackHTTPServer { _ in
            .ok(body: "x").adding(header: "X-Padded", "  \t two words \t ").adding(header: "X-Text", "Séoul é")
                .adding(header: "X-Nbsp", "\u{00A0}kept\u{00A0}").adding(header: "X-Empty", " \t ")
        }
        defer { server.stop() }
        let response = try await withClient { try await $0.perform(quickRequest(server.url("/h"))) }
        #expect(response.header("x-padded") == "two words")
        #expect(response.header("x-text") == "Séoul é")
        #expect(response.header("x-nbsp") == "\u{00A0}kept\u{00A0}", "not HTTP's white space")
        #expect(response.header("x-empty") == "")
    }

    @Test("a 404 and a 503 are responses with headers, not errors")
    func errorStatusesAreResponses() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/busy"
                ? .status(503, body: "later", headers: [("Retry-After", "120")]) : .status(404, body: "missing")
        }
        defer { server.stop() }
        try await withClient { client in
            let missing = try await client.perform(quickRequest(server.url("/gone")))
            #expect(missing.status == 404)
            #expect(String(decoding: missing.body, as: UTF8.self) == "missing")
            let busy = try await client.perform(quickRequest(server.url("/busy")))
            #expect(busy.status == 503)
            #expect(busy.header("Retry-After") == "120")
        }
    }

    @Test("User-Agent and If-None-Match reach the server verbatim")
    func requestHeadersAreSent() async throws {
        let server = try LoopbackHTTPServer { _ in .status(304) }
        defer { server.stop() }
        var request = quickRequest(server.url("/feed"), headers: [HTTPHeader("If-None-Match", "W/\"abc-123\"")])
        request.userAgent = "brinkwatch-test/1.0 (+https://example.invalid)"
        _ = try await withClient { try await $0.perform(request) }
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.path == "/feed")
        #expect(received.header("user-agent") == "brinkwatch-test/1.0 (+https://example.invalid)")
        #expect(received.header("If-None-Match") == "W/\"abc-123\"")
    }

    @Test("a 304 comes back with an empty body")
    func notModified() async throws {
        let server = try LoopbackHTTPServer { _ in .status(304).adding(header: "ETag", "\"v1\"") }
        defer { server.stop() }
        let response = try await withClient { try await $0.perform(quickRequest(server.url("/feed"))) }
        #expect(response.status == 304)
        #expect(response.body.isEmpty)
        #expect(response.header("etag") == "\"v1\"")
    }

    @Test("Accept-Encoding offers gzip by default and is absent when disabled")
    func acceptEncoding() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: "x") }
        defer { server.stop() }
        try await withClient { client in
            _ = try await client.perform(quickRequest(server.url("/default")))
            var plain = quickRequest(server.url("/plain"))
            plain.acceptEncoding = nil
            _ = try await client.perform(plain)
        }
        let requests = server.requests
        #expect(requests.count == 2)
        let offer = try #require(requests.first { $0.path == "/default" }?.header("Accept-Encoding"))
        #expect(offer.contains("gzip"))
        #expect(requests.first { $0.path == "/plain" }?.header("Accept-Encoding") == nil)
    }

    @Test("a gzip body is decoded while downloadedBytes counts the wire bytes")
    func gzipDecoded() async throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: GzipSamples.small)
        }
        defer { server.stop() }
        let response = try await withClient { try await $0.perform(quickRequest(server.url("/gz"))) }
        #expect(String(decoding: response.body, as: UTF8.self) == GzipSamples.smallText)
        #expect(response.downloadedBytes == Int64(GzipSamples.small.count))
    }

    @Test("a header value containing a line break is refused before anything is sent")
    func headerInjectionRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: "x") }
        defer { server.stop() }
        let request = quickRequest(server.url("/"), headers: [HTTPHeader("X-Evil", "a\r\nHost: elsewhere")])
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .invalidRequest)
        #expect(server.requests.isEmpty)
    }
}
