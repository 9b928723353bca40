import Foundation

/// Runs blocking work (waiting for a process, a socket, a file to appear) on a thread of its
/// own and awaits the result.
///
/// Why: tests run in parallel on Swift's cooperative pool, which has one thread per core. A test
/// that blocks a pool thread for seconds (two on a two-core machine) starves every other test,
/// and timing checks elsewhere fail for no fault of their own.
public enum OffPool {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Polls `condition` every 20 ms on its own thread until it holds or `timeout` seconds pass.
    public static func waitUntil(timeout: Double, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        (try? await run {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return condition()
        }) ?? false
    }
}
