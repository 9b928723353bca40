import Config
import Digest
import Foundation
import Inbox

/// Removes what the configured retention no longer keeps: under `[retention] days`, the
/// classified records of older days, with the feed health recorded for those days, and dead
/// letters that died before it; under `[retention] digest_days`, older digests (both files of a
/// day). Each is off at 0. The daemon runs it whenever a day's digest becomes final;
/// `brinkwatch inbox purge` runs it by hand.
public struct RetentionPurge: Sendable {
    /// What a purge removed, or would remove in a dry run.
    public struct Report: Sendable, Equatable {
        /// The digest days whose records went, oldest first.
        public var days: [String] = []
        public var records = 0
        public var deadLetters = 0
        /// Days whose digest files went.
        public var digests = 0
    }

    let configuration: Configuration
    let storage: Storage

    public init(configuration: Configuration, storage: Storage) {
        self.configuration = configuration
        self.storage = storage
    }

    /// The purge of the storage `configuration` names.
    public init(configuration: Configuration) throws(DaemonError) {
        self.init(configuration: configuration, storage: try Storage.open(configuration))
    }

    /// The oldest day kept at `now`: `days` days back, in the digest's time zone.
    public func firstKeptDay(now: Date) -> String? {
        firstKept(days: configuration.retentionDays, now: now)
    }

    /// The oldest digest day kept at `now`, under `[retention] digest_days`.
    public func firstKeptDigestDay(now: Date) -> String? {
        firstKept(days: configuration.digest.retentionDays, now: now)
    }

    /// `days` days back from `now`, as a digest day; nil when `days` is 0 (keep everything).
    private func firstKept(days: Int, now: Date) -> String? {
        guard days > 0 else { return nil }
        return DigestDay.of(now.addingTimeInterval(-Double(days) * 86_400), in: configuration.timeZone)
    }

    public func run(now: Date = Date(), dryRun: Bool = false) throws(DaemonError) -> Report {
        var report = Report()
        if let firstKept = firstKeptDigestDay(now: now) {
            report.digests = try purgeDigests(before: firstKept, dryRun: dryRun)
        }
        guard let firstKept = firstKeptDay(now: now) else { return report }
        let files = FileManager.default
        for day in storage.records.days() where day < firstKept {
            report.days.append(day)
            if dryRun {
                _ = storage.records.forEachRecord(day: day) { _, _ in report.records += 1 }
                continue
            }
            do {
                report.records += try storage.records.remove(day: day)
                let health = configuration.paths.state + "/health/" + day + ".json"
                if files.fileExists(atPath: health) { try files.removeItem(atPath: health) }
            } catch {
                throw DaemonError(step: "purging the classified items of \(day)", message: "\(error)")
            }
        }
        do {
            let inbox = storage.inbox
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

    /// Removes the Markdown and JSON digests of the days before `firstKept`; returns how many
    /// days went. `latest.md` and the feed are left to the writer.
    private func purgeDigests(before firstKept: String, dryRun: Bool) throws(DaemonError) -> Int {
        let folder = configuration.paths.digests
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var days: Set<String> = []
        for name in names where name.hasSuffix(".md") || name.hasSuffix(".json") {
            let day = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
            guard DigestDay.isValid(day), day < firstKept else { continue }
            days.insert(day)
            guard !dryRun else { continue }
            do {
                try FileManager.default.removeItem(atPath: folder + "/" + name)
            } catch {
                throw DaemonError(step: "purging the digest \(folder)/\(name)", message: "\(error)")
            }
        }
        return days.count
    }
}
