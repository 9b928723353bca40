import JSONText

/// The items a feed remembers (``FeedState/seen``, ``FeedState/fingerprints``,
/// ``FeedState/revisions``) as the file store keeps them, apart from the rest of the state.
///
/// Why apart: the rest is saved after every fetch, and most fetches (a 304, an unchanged body)
/// change no remembered item, while a busy feed remembers tens of thousands of ids for 180 days
/// (about 150 bytes each): rewriting and syncing them with every fetch would write megabytes an
/// hour for nothing. ``FeedStateStore`` writes this file only when its bytes change.
///
/// The form is one JSON document, an item to a line, so that an operator can `grep` an id and
/// `jq` can read it:
///
///     {"version":1,"fields":["id","firstSeen","fingerprint","revision"],"items":[
///     ["3f2a…",1772582400,"9c1e…",null],
///     ["a81b…",1772586000.5,null,2]
///     ]}
///
/// One line per id found in any of the three maps, sorted by id, so equal maps give equal bytes.
/// `firstSeen` is in seconds since 1970; a missing value is `null`.
extension FeedState {
    static let seenFileVersion = 1
    /// Everything before the first item's line, and everything after the last.
    private static let seenFileHeader = Array(
        "{\"version\":\(seenFileVersion),\"fields\":[\"id\",\"firstSeen\",\"fingerprint\",\"revision\"],\"items\":[\n".utf8)
    private static let seenFileFooter = Array("\n]}\n".utf8)

    /// The state without its remembered items, marked as such (``itemsOmitted``), but with its
    /// recent sightings and how many ids it remembers: what a store keeps beside the seen file.
    public var withoutItems: FeedState {
        var head = self
        head.items = RememberedItems()
        head.items.omitted = true
        head.items.sightings = recentSightings
        head.items.recordedIDs = rememberedIDs
        return head
    }

    /// Whether the state remembers any item.
    var remembersItems: Bool { !(seen.isEmpty && fingerprints.isEmpty && revisions.isEmpty) }

    /// The items of a seen file read on their own, for a feed whose state cannot be read (see
    /// ``FeedStates/salvageItems(_:)``); nil when the file remembers nothing or cannot be read.
    public static func salvaged(seenFile bytes: [UInt8]) -> FeedState? {
        var items = FeedState(url: "")
        guard (try? items.settle(seenFile: bytes)) != nil, items.remembersItems else { return nil }
        return items
    }

    /// Settles a state just read from a store: the items of its seen file when it has one
    /// (they win over items inside the state itself, which an earlier release wrote there or a
    /// crash between the two writes left behind), and ``itemsChanged`` cleared; else the items
    /// inside the state, marked as changed, so that the next save moves them out.
    ///
    /// - Throws: ``SeenFileError`` when the seen file cannot be read.
    public mutating func settle(seenFile bytes: [UInt8]?) throws(SeenFileError) {
        if let bytes {
            try adoptSeenFile(bytes)
            itemsChanged = false
        } else {
            itemsChanged = remembersItems
        }
    }

    /// The remembered items in the seen file's form.
    public func seenFile() throws(JSONWriter.NotFinite) -> [UInt8] {
        var ids = Set(seen.keys)
        ids.formUnion(fingerprints.keys)
        ids.formUnion(revisions.keys)
        var bytes = Self.seenFileHeader
        bytes.reserveCapacity(bytes.count + 100 * ids.count + 3)
        for (index, id) in ids.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            var line = JSONWriter(capacity: 96)
            line.beginArray()
            line.string(id)
            if let time = seen[id] { try line.double(time) } else { line.null() }
            if let fingerprint = fingerprints[id] { line.string(fingerprint) } else { line.null() }
            if let revision = revisions[id] { line.int(revision) } else { line.null() }
            line.endArray()
            if index > 0 { bytes.append(contentsOf: ",\n".utf8) }
            bytes.append(contentsOf: line.bytes)
        }
        bytes.append(contentsOf: Self.seenFileFooter)
        return bytes
    }

    /// Replaces the remembered items with those of a seen file.
    ///
    /// - Throws: ``SeenFileError`` when the bytes are not a seen file this version can read.
    mutating func adoptSeenFile(_ bytes: [UInt8]) throws(SeenFileError) {
        if let lines = Self.readSeenLines(bytes) {
            items = lines
        } else {
            items = try Self.readSeenJSON(bytes)
        }
        items.changed = true
    }

    /// The seen file read as any JSON, for what ``readSeenLines(_:)`` declines.
    private static func readSeenJSON(_ bytes: [UInt8]) throws(SeenFileError) -> RememberedItems {
        var cursor = JSONCursor(bytes)
        var items = RememberedItems()
        var version: Int?
        do {
            try cursor.object { cursor, key in
                switch key {
                case "version": version = try cursor.int()
                case "items":
                    guard version == Self.seenFileVersion else { throw SeenFileError(reason: "an unknown version") }
                    _ = try cursor.array { cursor in
                        var field = 0
                        var id = ""
                        _ = try cursor.array { cursor in
                            defer { field += 1 }
                            switch field {
                            case 0: id = try cursor.string()
                            case 1: if !(try cursor.null()) { items.seen[id] = try cursor.double() }
                            case 2: if let fingerprint = try cursor.optionalString() { items.fingerprints[id] = fingerprint }
                            case 3: if !(try cursor.null()) { items.revisions[id] = try cursor.int() }
                            default: throw SeenFileError(reason: "an item with more than four fields")
                            }
                        }
                        guard field == 4 else { throw SeenFileError(reason: "an item with fewer than four fields") }
                    }
                default: try cursor.skipValue()
                }
            }
            try cursor.end()
        } catch let error as SeenFileError {
            throw error
        } catch {
            throw SeenFileError(reason: "not the JSON of a seen file")
        }
        guard version != nil else { throw SeenFileError(reason: "no version") }
        return items
    }
}

extension FeedState {
    /// The seen file read line by line, as ``seenFile()`` writes it; nil at the first thing that
    /// is not exactly that (an escape in a string, other spacing, an unknown version), and the
    /// caller reads the file as JSON instead. Why: a busy feed's file has tens of thousands of
    /// lines, read at every fetch, and the general reader took about 3 µs a line.
    static func readSeenLines(_ bytes: [UInt8]) -> RememberedItems? {
        let header = seenFileHeader
        let footer = seenFileFooter
        guard bytes.count >= header.count + footer.count, bytes.starts(with: header), bytes.suffix(footer.count).elementsEqual(footer)
        else { return nil }
        let lineCount = bytes.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        var items = RememberedItems()
        items.seen.reserveCapacity(lineCount)
        items.fingerprints.reserveCapacity(lineCount)
        return bytes.withUnsafeBufferPointer { buffer -> RememberedItems? in
            var index = header.count
            let end = buffer.count - footer.count
            while index < end {
                guard let next = readLine(buffer, from: index, to: end, into: &items) else { return nil }
                index = next
                if index < end {
                    guard buffer[index] == UInt8(ascii: ","), index + 1 < end, buffer[index + 1] == UInt8(ascii: "\n") else { return nil }
                    index += 2
                }
            }
            return items
        }
    }

    /// One `["id",seconds,"fingerprint"|null,revision|null]` from `index`; the index after it.
    private static func readLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into items: inout RememberedItems) -> Int? {
        var index = start
        func take(_ byte: UInt8) -> Bool {
            guard index < end, buffer[index] == byte else { return false }
            index += 1
            return true
        }
        /// A string without escapes or control characters, after its opening quote.
        func string() -> String? {
            let first = index
            while index < end {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(validating: UnsafeBufferPointer(rebasing: buffer[first..<index]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
        /// The text of a number or `null`, up to the next `,` or `]`.
        func scalar() -> Substring? {
            let first = index
            while index < end, buffer[index] != UInt8(ascii: ","), buffer[index] != UInt8(ascii: "]") { index += 1 }
            guard index > first, index < end else { return nil }
            return Substring(decoding: UnsafeBufferPointer(rebasing: buffer[first..<index]), as: UTF8.self)
        }
        guard take(UInt8(ascii: "[")), take(UInt8(ascii: "\"")), let id = string(), take(UInt8(ascii: ",")),
            let time = scalar(), take(UInt8(ascii: ","))
        else { return nil }
        if time != "null" {
            guard let seconds = Double(time), seconds.isFinite else { return nil }
            items.seen[id] = seconds
        }
        if take(UInt8(ascii: "\"")) {
            guard let fingerprint = string() else { return nil }
            items.fingerprints[id] = fingerprint
        } else {
            guard scalar() == "null" else { return nil }
        }
        guard take(UInt8(ascii: ",")), let revision = scalar(), take(UInt8(ascii: "]")) else { return nil }
        if revision != "null" {
            guard let number = Int(revision) else { return nil }
            items.revisions[id] = number
        }
        return index
    }
}

/// A seen file that cannot be read, and why.
public struct SeenFileError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "the seen items file is not valid: \(reason)" }
}
