import Durable
import Foundation

/// Where the classified records come from: the workers' result files, or a database shared by
/// several daemons. A record is the JSON a worker stored for one item, under its id.
public protocol ClassifiedRecords: Sendable {
    /// The days that have records, oldest first.
    func days() -> [String]

    /// Calls `body` with each record of `day` (a name for messages, and its bytes), always in
    /// the same order for the same records, so that a rebuild gives the same digest; an item
    /// stored twice comes first with the record that counts. Returns the names of the records
    /// that could not be read.
    func forEachRecord(day: String, _ body: (_ name: String, _ bytes: [UInt8]) -> Void) -> [String]

    /// Removes every record of `day` (retention); returns how many there were.
    func remove(day: String) throws -> Int

    /// About how many records `day` has (an item finished twice after a crash counts twice),
    /// without reading them where the store can tell: for the status line, after every fetch round.
    func count(day: String) -> Int

    /// Those of `days` that received records from elsewhere (another daemon) since the last
    /// call; records written by this process are announced by its workers instead.
    func changedDays(among days: [String]) -> [String]
}

extension ClassifiedRecords {
    public func changedDays(among days: [String]) -> [String] { [] }

    public func count(day: String) -> Int {
        var count = 0
        _ = forEachRecord(day: day) { _, _ in count += 1 }
        return count
    }
}

/// The records as files under `<directory>/<day>/`, as the file inbox stores its results: a
/// record file (``RecordFile``) per batch a worker completed, and `<id>.json` files of one
/// record each from earlier releases.
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
        let records = count(day: day)
        try FileManager.default.removeItem(atPath: directory + "/" + day)
        return records
    }

    /// From the folder's listing: a one-record file counts one, a record file what its name
    /// says; only a record file named without a count is read.
    public func count(day: String) -> Int {
        guard let folder = try? Directory(path: directory + "/" + day),
            let (single, grouped) = try? RecordFile.names(in: folder)
        else { return 0 }
        return grouped.reduce(single.count) { total, name in
            if let count = RecordFile.count(inName: name) { return total + count }
            return total + ((try? folder.read(name)).map { RecordFile.parse($0).entries.count } ?? 0)
        }
    }

    /// The one-record files by name, then the record files by name, each in the order written;
    /// an item stored more than once (finished twice after a crash) comes first where it was
    /// stored first, which is the record the inbox promised (readers keep the first).
    public func forEachRecord(day: String, _ body: (String, [UInt8]) -> Void) -> [String] {
        guard let folder = try? Directory(path: directory + "/" + day),
            let (single, grouped) = try? RecordFile.names(in: folder)
        else { return [] }
        var unreadable: [String] = []
        // Read a few hundred records at a time on every core; handed to `body` in order.
        for start in stride(from: 0, to: single.count, by: 256) {
            let chunk = Array(single[start..<min(start + 256, single.count)])
            let contents = Parallel.map(chunk) { name in try? folder.read(name) }
            for (name, bytes) in zip(chunk, contents) {
                if let bytes { body(folder.pathOf(name), bytes) } else { unreadable.append(folder.pathOf(name)) }
            }
        }
        for start in stride(from: 0, to: grouped.count, by: 8) {
            let chunk = Array(grouped[start..<min(start + 8, grouped.count)])
            let contents = Parallel.map(chunk) { name in try? folder.read(name) }
            for (name, bytes) in zip(chunk, contents) {
                guard let bytes else {
                    unreadable.append(folder.pathOf(name))
                    continue
                }
                let file = RecordFile.parse(bytes)
                for entry in file.entries { body(folder.pathOf(name) + "#" + entry.id, Array(bytes[entry.range])) }
                if file.damaged { unreadable.append(folder.pathOf(name) + " (damaged after \(file.entries.count) records)") }
            }
        }
        return unreadable
    }
}
