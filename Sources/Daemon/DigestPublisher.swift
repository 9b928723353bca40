import Config
import CoreMetrics
import Digest
import Durable
import Foundation
import Logging
import Synchronization
import Telemetry

/// Rewrites the digests of the days that received items, so today's files are always current.
///
/// Workers mark days dirty as they complete items; ``flush()`` rebuilds each dirty day from all
/// of its classified items (never incrementally), which keeps every rebuild identical to a
/// rebuild from scratch.
final class DigestPublisher: Sendable {
    let store: ClassifiedStore
    let writer: DigestWriter
    let health: FeedHealthLog
    let logger: Logger
    private let dirty = Mutex(Set<String>())

    init(configuration: Configuration, logger: Logger) {
        self.store = ClassifiedStore(directory: configuration.paths.classified)
        self.writer = DigestWriter(directory: configuration.paths.digests, timeZone: configuration.timeZone)
        self.health = FeedHealthLog(stateDirectory: configuration.paths.state, feeds: configuration.feeds)
        self.logger = logger
    }

    func markDirty(_ day: String) {
        _ = dirty.withLock { $0.insert(day) }
    }

    /// Rebuilds every day marked dirty; returns what was written.
    @discardableResult
    func flush() -> [DigestWriter.Written] {
        let days = dirty.withLock { days in
            defer { days.removeAll() }
            return days.sorted()
        }
        var written: [DigestWriter.Written] = []
        for day in days {
            do {
                written.append(try rebuild(day))
                Self.countWrite("written")
            } catch {
                Self.countWrite("failed")
                markDirty(day)  // try again on the next flush
                logger.error("cannot write the digest", metadata: ["digest.day": "\(day)", "error": "\(error)"])
            }
        }
        return written
    }

    private static func countWrite(_ result: String) {
        Counter(label: MetricNames.digestWrites, dimensions: [(MetricNames.Label.result, result)]).increment()
    }

    /// Builds and writes the digest of `day` from its classified items.
    func rebuild(_ day: String, now: Date = Date()) throws(FileError) -> DigestWriter.Written {
        let (items, unreadable) = store.items(day: day)
        for path in unreadable {
            logger.warning("classified item unreadable; left out of the digest", metadata: ["file": "\(path)"])
        }
        let feeds = health.health(for: day, today: DigestDay.of(now, in: writer.timeZone))
        let digest = DigestBuilder(timeZone: writer.timeZone, feeds: feeds).build(day: day, items: items)
        let result = try writer.write(digest)
        logger.info("digest written", metadata: [
            "digest.day": "\(day)", "digest.items": "\(digest.itemCount)", "digest.path": "\(result.markdown)",
        ])
        return result
    }
}
