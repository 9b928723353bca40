/// A file of several records, each kept under its id: how a worker stores the results of one
/// batch with one file creation and one fsync instead of one of each per item.
///
/// Why: on an ext4 file system without a journal, creating a file waits for the writing back of
/// the inode blocks that earlier fsyncs started; measured at 250 to 600 µs a file, most of a
/// worker's time per item. One file per batch of results removes all but one of those waits.
///
/// The layout is text framing around opaque bytes, readable with a pager:
///
///     brinkwatch records 1\n
///     <id> <length>\n<length bytes>\n
///     <id> <length>\n<length bytes>\n
///     ...
///
/// Ids are those of the inbox (no space, no newline). A file is written whole, fsynced, then
/// renamed into place, so a reader never sees a partial one; one that does not parse (a disk
/// fault) still yields the records before the damage.
public enum RecordFile {
    /// The name suffix of record files, beside older one-record `<id>.json` files.
    public static let suffix = ".records"

    static let header = Array("brinkwatch records 1\n".utf8)

    /// One record's place in a file's bytes.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var range: Range<Int>
    }

    /// The records of one file, in the order they were written, and whether the bytes ended in
    /// damage (the records before it are kept).
    public struct Contents: Sendable {
        public var entries: [Entry]
        public var damaged: Bool
    }

    /// The bytes of a file holding `records` in this order.
    public static func encode(_ records: [(id: String, bytes: [UInt8])]) -> [UInt8] {
        var out = header
        out.reserveCapacity(header.count + records.reduce(0) { $0 + $1.bytes.count + $1.id.utf8.count + 24 })
        for record in records {
            out += record.id.utf8
            out.append(UInt8(ascii: " "))
            out += String(record.bytes.count).utf8
            out.append(UInt8(ascii: "\n"))
            out += record.bytes
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Finds the records in `bytes` without copying them.
    public static func parse(_ bytes: [UInt8]) -> Contents {
        guard bytes.starts(with: header) else { return Contents(entries: [], damaged: true) }
        var entries: [Entry] = []
        var at = header.count
        while at < bytes.count {
            guard let entry = entry(in: bytes, at: at) else { return Contents(entries: entries, damaged: true) }
            entries.append(entry)
            at = entry.range.upperBound + 1
        }
        return Contents(entries: entries, damaged: false)
    }

    /// The record whose frame starts at `start`, or nil when the frame is broken.
    private static func entry(in bytes: [UInt8], at start: Int) -> Entry? {
        guard let space = bytes[start...].prefix(256).firstIndex(of: UInt8(ascii: " ")), space > start,
            let newline = bytes[(space + 1)...].prefix(21).firstIndex(of: UInt8(ascii: "\n")), newline > space + 1
        else { return nil }
        var length = 0
        for digit in bytes[(space + 1)..<newline] {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"), length < Int.max / 10 - 9 else { return nil }
            length = length * 10 + Int(digit - UInt8(ascii: "0"))
        }
        let body = newline + 1
        guard length <= bytes.count - body - 1, bytes[body + length] == UInt8(ascii: "\n") else { return nil }
        let idBytes = bytes[start..<space]
        guard !idBytes.contains(UInt8(ascii: "\n")) else { return nil }
        return Entry(id: String(decoding: idBytes, as: UTF8.self), range: body..<(body + length))
    }
}

extension RecordFile {
    /// A fresh name for a record file of `count` records: the time in microseconds first, so
    /// that names sort in the order the files were written (the first result of an item is the
    /// one that counts), then 64 random bits, so that processes never collide, then the count,
    /// so that a day's records can be counted from its listing alone.
    public static func freshName(now: Double, count: Int) -> String {
        let micros = String(UInt64(max(0, now) * 1_000_000))
        let padded = String(repeating: "0", count: max(0, 16 - micros.count)) + micros
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return padded + "-" + String(repeating: "0", count: 16 - random.count) + random + "-\(count)" + suffix
    }

    /// The number of records a file's name says it holds (see ``freshName(now:count:)``); nil
    /// for a name without one.
    public static func count(inName name: String) -> Int? {
        guard name.hasSuffix(suffix) else { return nil }
        let stem = name.dropLast(suffix.count)
        guard let dash = stem.lastIndex(of: "-"), stem[..<dash].contains("-") else { return nil }
        return Int(stem[stem.index(after: dash)...])
    }

    /// The records in `directory`, in the order a reader takes them: the one-record files
    /// `<id>.json` first (earlier releases wrote those), by name, then the record files by name.
    /// Hidden staging files are not records.
    public static func names(in directory: Directory) throws(FileError) -> (single: [String], grouped: [String]) {
        let all = try directory.names().filter { !$0.hasPrefix(".") }
        return (all.filter { $0.hasSuffix(".json") }.sorted(), all.filter { $0.hasSuffix(suffix) }.sorted())
    }
}
