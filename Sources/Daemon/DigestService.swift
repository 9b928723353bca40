import ServiceLifecycle

/// Rewrites dirty digests every few seconds, and once more on the way out.
struct DigestService: Service {
    let publisher: DigestPublisher
    let period: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: period) }
            publisher.flush()
        }
        publisher.flush()
    }
}
