import Classifier
import Config
import Foundation

extension Daemon {
    /// What a reload put in force.
    public struct ReloadReport: Sendable, Equatable {
        /// Names of the feeds added and removed.
        public var added: [String]
        public var removed: [String]
        /// Settings that changed in the file but take effect only at the next restart.
        public var needRestart: [String]
    }

    /// Reads the configuration file and the classifier's knowledge again and puts them in force:
    /// the feed list (new feeds are scheduled at once, removed ones are no longer fetched, and the
    /// digests' feed health follows), the focus actors, the knowledge, the digest feed's title and
    /// base URL, and the retention. Paths, workers, fetch settings, the time zone, the digests'
    /// grace period, the queue's store, the log level and the metrics are read at start only; a
    /// change to them is reported in ``ReloadReport/needRestart``.
    ///
    /// - Throws: ``DaemonError`` naming the file, line and key when the new configuration or
    ///   knowledge is invalid; nothing is replaced then, and the running configuration stays.
    public func reload() throws(DaemonError) -> ReloadReport {
        let old = current.value
        let new: Configuration
        do {
            new = try Configuration.load(path: old.file)
        } catch {
            throw DaemonError(step: "reloading the configuration", message: "\(error)")
        }
        let knowledge = try Self.loadKnowledge(new)
        classifier.replace(with: Classifier(knowledge: knowledge, focus: new.focus))
        current.replace(with: new)
        publisher.reconfigure(new)
        scheduleBell.ring()
        let oldNames = Set(old.feeds.map(\.name))
        let newNames = Set(new.feeds.map(\.name))
        return ReloadReport(
            added: new.feeds.map(\.name).filter { !oldNames.contains($0) },
            removed: old.feeds.map(\.name).filter { !newNames.contains($0) },
            needRestart: Self.restartOnlyChanges(from: old, to: new)
        )
    }

    /// The names of the start-only settings that differ between two configurations.
    static func restartOnlyChanges(from old: Configuration, to new: Configuration) -> [String] {
        var changed: [String] = []
        if old.paths != new.paths { changed.append("paths") }
        if old.fetch != new.fetch { changed.append("fetch") }
        if old.workers != new.workers { changed.append("workers") }
        if old.timeZone.identifier != new.timeZone.identifier { changed.append("time_zone") }
        if old.digest.graceHours != new.digest.graceHours { changed.append("grace_hours") }
        if old.queue != new.queue { changed.append("queue") }
        if old.logLevel != new.logLevel { changed.append("log_level") }
        if old.metrics != new.metrics { changed.append("metrics") }
        return changed
    }
}
