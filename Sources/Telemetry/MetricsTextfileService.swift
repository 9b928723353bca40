import Logging
import ServiceLifecycle

/// Rewrites the metrics textfile every interval, and once more on the way out so that the file
/// keeps the final counts of the run.
public struct MetricsTextfileService: Service {
    let textfile: MetricsTextfile
    let source: MetricsSource
    let interval: Duration
    let logger: Logger

    public init(textfile: MetricsTextfile, source: MetricsSource, interval: Duration, logger: Logger) {
        self.textfile = textfile
        self.source = source
        self.interval = interval
        self.logger = logger
    }

    public func run() async {
        var failing: String?
        logger.info("metrics textfile enabled", metadata: [
            "metrics.textfile": "\(textfile.path)", "metrics.interval": "\(interval)",
        ])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            failing = write(after: failing)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        _ = write(after: failing)
    }

    /// Writes the file; returns the error message, if any. A failure is logged when it starts
    /// or changes, not at every interval, and the recovery once.
    private func write(after failing: String?) -> String? {
        do {
            try textfile.write(source.exposition())
            if failing != nil {
                logger.notice("metrics textfile written again", metadata: ["file": "\(textfile.path)"])
            }
            return nil
        } catch {
            if error.message != failing {
                logger.error("cannot write the metrics textfile", metadata: ["error": "\(error)"])
            }
            return error.message
        }
    }
}
