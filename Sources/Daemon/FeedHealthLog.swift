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
    func health(for day: String, today: String) -> [Digest.FeedHealth] {
        if day == today {
            let current = feeds.map { feed in
                Digest.FeedHealth(name: feed.name, title: feed.title, lastError: (try? states.loadSummary(feed.name))??.lastError)
            }
            record(current, for: day)
            return current
        }
        if let folder = try? Directory(path: directory), let bytes = try? folder.read(day + ".json"),
            let recorded = try? JSONDecoder().decode([Digest.FeedHealth].self, from: Data(bytes))
        {
            return recorded
        }
        return feeds.map { Digest.FeedHealth(name: $0.name, title: $0.title) }
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
