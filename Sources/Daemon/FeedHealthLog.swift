import Config
import Digest
import Durable
import Fetcher
import Foundation

/// Keeps, for each digest day, how the feeds stood that day (`state/health/<day>.json`).
///
/// A digest shows which feeds were failing. Reading that from the live feed state would make a
/// rebuild of a past day show today's errors; instead the health is recorded while the day is
/// current and read back afterwards, so a rebuild from the same files gives the same bytes.
struct FeedHealthLog: Sendable {
    let directory: String
    let feeds: [FeedSource]
    let states: any FeedStates

    init(stateDirectory: String, feeds: [FeedSource], states: any FeedStates) {
        self.directory = stateDirectory + "/health"
        self.feeds = feeds
        self.states = states
    }

    /// The feed health for `day`: recorded now from the live state when `day` is `today`, read
    /// from the record otherwise (the configured feeds with no errors when there is none).
    ///
    /// Today's record keeps what earlier records of the day saw: a feed failing then and not
    /// now is `recovered`, with that error, so that the digest says which feeds failed that
    /// day, not only which still fail. The fetcher asks for a rebuild of today whenever a feed
    /// starts or stops failing (``DigestPublisher/feedHealthChanged()``), so each failure is
    /// recorded while it lasts.
    func health(for day: String, today: String) -> [Digest.FeedHealth] {
        let recorded = read(day)
        guard day == today else { return recorded ?? feeds.map { Digest.FeedHealth(name: $0.name, title: $0.title) } }
        let before = Dictionary((recorded ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let current = feeds.map { feed in
            let earlier = before[feed.name].flatMap { $0.lastError ?? $0.earlierError }
            return Digest.FeedHealth(name: feed.name, title: feed.title,
                                     lastError: (try? states.loadSummary(feed.name))??.lastError, earlierError: earlier)
        }
        if current != recorded { record(current, for: day) }
        return current
    }

    private func read(_ day: String) -> [Digest.FeedHealth]? {
        guard let folder = try? Directory(path: directory), let bytes = try? folder.read(day + ".json") else { return nil }
        return try? JSONDecoder().decode([Digest.FeedHealth].self, from: Data(bytes))
    }

    private func record(_ health: [Digest.FeedHealth], for day: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(health), let folder = try? Directory(path: directory, create: true) else {
            return
        }
        try? DurableFile.replace(day + ".json", in: folder, with: Array(data))
    }
}
