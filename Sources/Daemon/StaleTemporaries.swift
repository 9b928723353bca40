import Config
import Durable
import Fetcher
import Foundation

/// Removes the staged files that a process killed while saving left in the folders the inbox's
/// recovery does not look at: feed states (`state/feeds/`, with the file store), the feed health
/// log (`state/health/`) and the digests. Run at every start, as the inbox's recovery is, so that
/// crashes do not pile them up; a staged name tells a dead writer of this host at once, and any
/// other is removed once an hour old (see ``DurableFile/removeStaleTemporaries(in:olderThan:now:)``).
enum StaleTemporaries {
    static func remove(_ configuration: Configuration, storage: Storage, now: Double = Date().timeIntervalSince1970) {
        var folders = [configuration.paths.state + "/health", configuration.paths.digests]
        if let files = storage.feedStates as? FeedStateStore { folders.append(files.directory) }
        for path in folders {
            guard let folder = try? Directory(path: path) else { continue }
            DurableFile.removeStaleTemporaries(in: folder, olderThan: 3600, now: now)
        }
    }
}
