import ServiceLifecycle

/// Runs the worker pool until graceful shutdown.
struct WorkerService: Service {
    let pool: WorkerPool

    func run() async throws {
        try await pool.run()
    }
}
