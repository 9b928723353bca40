import Foundation

/// Runs blocking or long work (waiting for a process, a socket, a file to appear; checking
/// thousands of cases) on threads of its own, outside Swift's cooperative pool.
///
/// Why: tests run in parallel on the cooperative pool, which has one thread per core. A test
/// that holds a pool thread for seconds (two on a two-core machine) starves every other test,
/// and timing checks elsewhere fail for no fault of their own: a measured run of the suite saw
/// a 100 ms sleep end 16 s late while two such tests ran.
///
/// The work stays part of the calling task (through a task executor preference), so
/// `#expect` and `#require` inside it are reported against the running test as usual.
public enum OffPool {
    /// Runs `body` on threads outside the cooperative pool; an `await` inside it resumes there too.
    public static func run<T>(_ body: () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(executor, operation: body)
    }

    /// Starts `body` as an unstructured task outside the cooperative pool. A plain `Task {}` does not
    /// inherit an executor preference: a service a test starts that way runs on the pool and, while
    /// other tests hold the pool's threads, can wait for seconds before it runs at all.
    @discardableResult
    public static func task<T: Sendable>(
        _ body: sending @escaping @isolated(any) () async throws -> T
    ) -> Task<T, any Error> {
        Task(executorPreference: executor, operation: body)
    }

    /// Polls `condition` every 20 ms outside the pool until it holds or `timeout` seconds pass.
    public static func waitUntil(timeout: Double, _ condition: () -> Bool) async -> Bool {
        await run {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return condition()
        }
    }

    private static let executor = ThreadPerJobExecutor()
}

/// A task executor that runs each job on a new thread: jobs never wait for one another, however
/// long one of them blocks. Thread creation costs tens of microseconds, nothing next to the
/// work that is sent here.
private final class ThreadPerJobExecutor: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread.detachNewThread { job.runSynchronously(on: executor) }
    }
}
