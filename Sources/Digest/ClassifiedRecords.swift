import Durable
import Foundation

/// Where the classified records come from: the workers' result files, or a database shared by
/// several daemons. A record is the JSON a worker stored for one item, under its id.
public protocol ClassifiedRecords: Sendable {
    /// The days that have records, oldest first.
    func days() -> [String]

    /// Calls `body` with each record of `day` (a name for messages, and its bytes), ordered by
    /// `<id>.json` so that every source gives a digest the same order; returns the names of the
    /// records that could not be read.
    func forEachRecord(day: String, _ body: (_ name: String, _ bytes: [UInt8]) -> Void) -> [String]

    /// Removes every record of `day` (retention); returns how many there were.
    func remove(day: String) throws -> Int

    /// Those of `days` that received records from elsewhere (another daemon) since the last
    /// call; records written by this process are announced by its workers instead.
    func changedDays(among days: [String]) -> [String]
}

extension ClassifiedRecords {
    public func changedDays(among days: [String]) -> [String] { [] }
}

/// The records as files: `<directory>/<day>/<id>.json`, as the file inbox stores its results.
public struct ClassifiedFiles: ClassifiedRecords {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func days() -> [String] {
        guard let folder = try? Directory(path: directory) else { return [] }
        return ((try? folder.names()) ?? []).filter(DigestDay.isValid).sorted()
    }

    public func remove(day: String) throws -> Int {
        let folder = directory + "/" + day
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        try FileManager.default.removeItem(atPath: folder)
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count
    }

    public func forEachRecord(day: String, _ body: (String, [UInt8]) -> Void) -> [String] {
        guard let folder = try? Directory(path: directory + "/" + day) else { return [] }
        var unreadable: [String] = []
        let names = ((try? folder.names()) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        // Read a few hundred files at a time on every core; handed to `body` in order.
        for start in stride(from: 0, to: names.count, by: 256) {
            let chunk = Array(names[start..<min(start + 256, names.count)])
            let contents = Parallel.map(chunk) { name in try? folder.read(name) }
            for (name, bytes) in zip(chunk, contents) {
                if let bytes { body(folder.pathOf(name), bytes) } else { unreadable.append(folder.pathOf(name)) }
            }
        }
        return unreadable
    }
}
