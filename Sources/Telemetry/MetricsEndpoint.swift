import Foundation
import Logging
import ServiceLifecycle

/// The HTTP endpoint Prometheus scrapes: `GET /metrics` (and `HEAD`) answers the text
/// exposition; every other path is 404, every other method on `/metrics` 405.
///
/// The socket is bound when the endpoint is made, so that a taken port or a bad address stops
/// the daemon before it starts; ``run()`` serves on a dedicated thread (never blocking the
/// cooperative pool) until graceful shutdown or cancellation.
public struct MetricsEndpoint: Service {
    public let server: MetricsHTTPServer
    let logger: Logger

    public init(
        host: String, port: Int, source: MetricsSource, logger: Logger,
        limits: MetricsHTTPServer.Limits = MetricsHTTPServer.Limits()
    ) throws(TelemetryError) {
        server = try MetricsHTTPServer(host: host, port: port, limits: limits) { request in
            Self.respond(to: request, source: source)
        }
        self.logger = logger
    }

    public func run() async {
        let server = server
        logger.info("metrics endpoint listening", metadata: ["metrics.url": "http://\(server.address)/metrics"])
        await withTaskCancellationOrGracefulShutdownHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread {
                    server.serve()
                    continuation.resume()
                }
                thread.name = "brinkwatch-metrics"
                thread.start()
            }
        } onCancelOrGracefulShutdown: {
            server.stop()
        }
    }

    /// The route table: one path, two methods.
    static func respond(to request: MetricsHTTPRequest, source: MetricsSource) -> MetricsHTTPResponse {
        guard request.path == "/metrics" else { return .text(404, "not found; metrics are at /metrics") }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "only GET and HEAD", headers: [("Allow", "GET, HEAD")])
        }
        return MetricsHTTPResponse(
            status: 200, headers: [("Content-Type", MetricsSource.contentType)], body: source.exposition())
    }
}
