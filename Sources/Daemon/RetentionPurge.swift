import Config
import Digest
import Foundation
import Inbox

/// Removes what the configured retention (`[retention] days`) no longer keeps: the classified
/// records of days older than it, with the feed health recorded for those days, and dead letters
/// that died before it. Digests stay: they are the product, and small. Without a retention
/// (`days = 0`) nothing is removed.
public struct RetentionPurge: Sendable {
    /// What a purge removed, or would remove in a dry run.
    public struct Report: Sendable, Equatable {
        /// The digest days whose records went, oldest first.
        public var days: [String] = []
        public var records = 0
        public var deadLetters = 0
    }

    let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The oldest day kept at `now`: `days` days back, in the digest's time zone.
    public func firstKeptDay(now: Date) -> String? {
        guard configuration.retentionDays > 0 else { return nil }
        let cutoff = now.addingTimeInterval(-Double(configuration.retentionDays) * 86_400)
        return DigestDay.of(cutoff, in: configuration.timeZone)
    }

    public func run(now: Date = Date(), dryRun: Bool = false) throws(DaemonError) -> Report {
        var report = Report()
        guard let firstKept = firstKeptDay(now: now) else { return report }
        let store = ClassifiedStore(directory: configuration.paths.classified)
        let files = FileManager.default
        for day in store.days() where day < firstKept {
            let folder = configuration.paths.classified + "/" + day
            let names = (try? files.contentsOfDirectory(atPath: folder)) ?? []
            report.records += names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count
            report.days.append(day)
            guard !dryRun else { continue }
            do {
                try files.removeItem(atPath: folder)
                let health = configuration.paths.state + "/health/" + day + ".json"
                if files.fileExists(atPath: health) { try files.removeItem(atPath: health) }
            } catch {
                throw DaemonError(step: "purging \(folder)", message: "\(error)")
            }
        }
        do {
            let inbox = try FileInbox(
                directory: configuration.paths.inbox, resultsDirectory: configuration.paths.classified)
            let limit = Double(configuration.retentionDays) * 86_400
            for entry in try inbox.list(.dead, now: now.timeIntervalSince1970) where entry.age > limit {
                report.deadLetters += 1
                if !dryRun { try inbox.removeDead(entry.id) }
            }
        } catch {
            throw DaemonError(step: "purging dead letters", message: "\(error)")
        }
        return report
    }
}
