import Curl
import Foundation
import TestSupport
import Testing

@Suite("CurlClient concurrency, cancellation and shutdown")
struct CurlConcurrencyTests {
    @Test("20 concurrent requests all complete with their own bodies")
    func concurrentRequests() async throws {
        let server = try LoopbackHTTPServer { request in .ok(body: "body of \(request.path)") }
        defer { server.stop() }
        let bodies = try await withClient { client in
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await client.perform(quickRequest(server.url("/item/\(index)")))
                        return (index, String(decoding: response.body, as: UTF8.self))
                    }
                }
                var bodies: [Int: String] = [:]
                for try await (index, body) in group {
                    bodies[index] = body
                }
                return bodies
            }
        }
        #expect(bodies.count == 20)
        #expect((0..<20).allSatisfy { bodies[$0] == "body of /item/\($0)" })
        #expect(server.requests.count == 20)
    }

    /// "Promptly" means well before the 30 s request timeout these tests set; the margin is wide
    /// because the machines that run the tests are shared and their timing is noisy.
    static let prompt: Duration = .seconds(15)

    @Test("cancelling the task aborts a transfer in flight promptly")
    func cancelInFlight() async throws {
        let server = try LoopbackHTTPServer { _ in .neverAnswering }
        defer { server.stop() }
        let client = try CurlClient()
        defer { client.shutdown() }
        var request = quickRequest(server.url("/stall"))
        request.totalTimeout = .seconds(30)
        let task = Task { try await client.perform(request) }
        #expect(await server.waitForRequests(1))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        #expect(clock.now - start < Self.prompt)
        #expect(throws: CurlError.self) { try result.get() }
        #expect(Self.code(of: result) == .cancelled)
    }

    @Test("a task cancelled before submitting never sends its request")
    func cancelBeforeStart() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: "x") }
        defer { server.stop() }
        let client = try CurlClient()
        defer { client.shutdown() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.perform(quickRequest(server.url("/never")))
        }
        let result = await task.result
        #expect(Self.code(of: result) == .cancelled)
        // A later request on the same client still works and is the only one the server sees.
        let response = try await client.perform(quickRequest(server.url("/after")))
        #expect(response.status == 200)
        #expect(server.requests.map(\.path) == ["/after"])
    }

    @Test("shutdown fails a request in flight without hanging, and later requests fail at once")
    func shutdownInFlight() async throws {
        let server = try LoopbackHTTPServer { _ in .neverAnswering }
        defer { server.stop() }
        let client = try CurlClient()
        var request = quickRequest(server.url("/stall"))
        request.totalTimeout = .seconds(30)
        let task = Task { try await client.perform(request) }
        #expect(await server.waitForRequests(1))
        let clock = ContinuousClock()
        let start = clock.now
        client.shutdown()
        let result = await task.result
        #expect(clock.now - start < Self.prompt)
        #expect(Self.code(of: result) == .shutdown)
        let late = await failure(of: quickRequest(server.url("/late")), on: client)
        #expect(late?.code == .shutdown)
        client.shutdown()
    }

    @Test("the loopback server stops promptly while a connection is stalled")
    func serverStopsWhileStalled() async throws {
        let server = try LoopbackHTTPServer { _ in .neverAnswering }
        let client = try CurlClient()
        defer { client.shutdown() }
        let task = Task { try await client.perform(quickRequest(server.url("/stall"))) }
        #expect(await server.waitForRequests(1))
        let clock = ContinuousClock()
        let start = clock.now
        server.stop()
        #expect(clock.now - start < Self.prompt)
        let result = await task.result
        #expect(Self.code(of: result) != nil)
    }

    private static func code(of result: Result<CurlResponse, any Error>) -> CurlError.Code? {
        guard case .failure(let error) = result else { return nil }
        return (error as? CurlError)?.code
    }
}
