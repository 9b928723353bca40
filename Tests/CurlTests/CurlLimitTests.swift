import Curl
import Foundation
import TestSupport
import Testing

@Suite("CurlClient limits and transport failures")
struct CurlLimitTests {
    @Test("a chunked body over maxBytes fails with tooLarge")
    func chunkedBodyTooLarge() async throws {
        let server = try LoopbackHTTPServer { _ in
            var response = HTTPTestResponse.ok(body: Data(repeating: 0x41, count: 50_000))
            response.chunked = true
            return response
        }
        defer { server.stop() }
        var request = quickRequest(server.url("/big"))
        request.maxBytes = 10_000
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("10000 bytes") == true)
    }

    @Test("a declared Content-Length over maxBytes fails with tooLarge")
    func declaredLengthTooLarge() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: Data(repeating: 0x41, count: 50_000)) }
        defer { server.stop() }
        var request = quickRequest(server.url("/big"))
        request.maxBytes = 10_000
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .tooLarge)
        #expect(error?.curlCode == 63)
    }

    @Test("a small gzip body that inflates past maxBytes fails with tooLarge")
    func gzipBombTooLarge() async throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: GzipSamples.bomb)
        }
        defer { server.stop() }
        var request = quickRequest(server.url("/bomb"))
        request.maxBytes = 50_000
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .tooLarge)
        request.maxBytes = GzipSamples.bombDecodedSize
        let response = try await withClient { try await $0.perform(request) }
        #expect(response.body.count == GzipSamples.bombDecodedSize)
    }

    @Test("a server that never answers hits the total timeout")
    func totalTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in .neverAnswering }
        defer { server.stop() }
        var request = quickRequest(server.url("/stall"))
        request.totalTimeout = .seconds(1)
        // With the low-speed abort pushed out, only the total timeout can end this transfer
        // within the bound below (the bound is wide: the test machines are shared and noisy).
        request.lowSpeedTime = .seconds(60)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .timedOut)
        #expect(clock.now - start < .seconds(30))
    }

    @Test("a slow drip under the low-speed limit is aborted as timedOut")
    func lowSpeedAbort() async throws {
        let server = try LoopbackHTTPServer { _ in
            var response = HTTPTestResponse.ok(body: Data(repeating: 0x42, count: 2_000))
            response.dripBytesPerSecond = 50
            return response
        }
        defer { server.stop() }
        var request = quickRequest(server.url("/drip"))
        request.lowSpeedLimit = 1_000
        request.lowSpeedTime = .seconds(1)
        let error = try await withClient { await failure(of: request, on: $0) }
        #expect(error?.code == .timedOut)
    }

    @Test("a truncated body fails instead of returning partial data")
    func truncatedBody() async throws {
        let server = try LoopbackHTTPServer { _ in
            var response = HTTPTestResponse.ok(body: Data(repeating: 0x43, count: 4_000))
            response.closeAfterBodyBytes = 1_000
            return response
        }
        defer { server.stop() }
        let error = try await withClient { await failure(of: quickRequest(server.url("/cut")), on: $0) }
        #expect(error?.code == .other)
        #expect(error?.curlCode == 18)
    }

    @Test("a closed port fails with couldNotConnect and a message naming the URL")
    func connectionRefused() async throws {
        // Port 1: outside the range the kernel hands out, so no server of a test running
        // meanwhile can be listening there (a port just freed could be).
        let url = "http://127.0.0.1:1/feed"
        let error = try await withClient { await failure(of: quickRequest(url), on: $0) }
        #expect(error?.code == .couldNotConnect)
        #expect(error?.curlCode == 7)
        #expect(error?.url == url)
        #expect(error?.message.contains(url) == true)
        #expect(error?.shortDescription == "couldNotConnect")
        // Two refusals read alike: no elapsed time, which would change the message (and the digest) each time.
        let again = try await withClient { await failure(of: quickRequest(url), on: $0) }
        #expect(error?.message == again?.message)
        #expect(error?.message.contains(" ms") == false, "\(error?.message ?? "")")
    }
}
