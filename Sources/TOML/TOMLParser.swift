/// A single-pass TOML 1.0 parser over the UTF-8 bytes of the document.
///
/// The document structure (headers, dotted keys) lives in `TOMLParser+Tables.swift`, values in
/// `TOMLParser+Values.swift` and `TOMLParser+Scalars.swift`. Line and column are not tracked while
/// scanning; they are computed from a byte offset only when a value is stored or an error is made,
/// which keeps every scanning loop free of bookkeeping.
struct TOMLParser {
    let bytes: [UInt8]
    let file: String
    var pos = 0
    /// Byte offset at which each line starts; index 0 is line 1.
    let lineStarts: [Int]
    /// Current nesting of arrays and inline tables, bounded by `TOML.maxDepth`.
    var valueDepth = 0
    /// The key whose value is being parsed (its table's display path and its own parts), named in
    /// errors raised inside the value; kept in pieces because the path is rarely needed.
    var context: (prefix: String, parts: [KeyPart])?
    let root: TableNode
    /// The table that key/value lines go into: the root, or the last `[header]`.
    var current: TableNode
    /// Display path of `current`, such as `feeds[2]`.
    var sectionPath = ""

    init(text: String, file: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == Byte.newline {
            starts.append(offset + 1)
        }
        self.bytes = bytes
        self.file = file
        self.lineStarts = starts
        self.root = TableNode(origin: .root, line: 0, depth: 0)
        self.current = root
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            switch byte {
            case Byte.hash, Byte.newline, Byte.carriageReturn:
                break
            case Byte.leftBracket:
                try parseHeader()
            default:
                try parseKeyValue(into: current, prefix: sectionPath)
            }
            try expectLineEnd()
        }
        return root.freeze()
    }

    // MARK: Scanning helpers

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = pos + offset
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func skipWhitespace() {
        while pos < bytes.count, bytes[pos] == Byte.space || bytes[pos] == Byte.tab {
            pos += 1
        }
    }

    /// Skips a `#` comment up to (not including) the end of its line.
    mutating func skipComment() throws(TOMLError) {
        pos += 1
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == Byte.newline || (byte == Byte.carriageReturn && peek(1) == Byte.newline) {
                return
            }
            if Byte.isControl(byte) {
                throw fail("\(Byte.name(of: byte)) is not allowed in a comment")
            }
            pos += 1
        }
    }

    /// Requires the rest of the line to be blank or a comment, and consumes its line break.
    mutating func expectLineEnd() throws(TOMLError) {
        skipWhitespace()
        if peek() == Byte.hash {
            try skipComment()
        }
        guard let byte = peek() else { return }
        if byte == Byte.newline {
            pos += 1
        } else if byte == Byte.carriageReturn, peek(1) == Byte.newline {
            pos += 2
        } else if byte == Byte.carriageReturn {
            throw fail("a carriage return must be followed by a line feed")
        } else {
            throw fail("expected the end of the line, found \(describe(at: pos))")
        }
    }

    /// Skips blanks, line breaks and comments, as allowed between the elements of an array.
    mutating func skipTrivia() throws(TOMLError) {
        while let byte = peek() {
            switch byte {
            case Byte.space, Byte.tab, Byte.newline:
                pos += 1
            case Byte.carriageReturn where peek(1) == Byte.newline:
                pos += 2
            case Byte.hash:
                try skipComment()
            default:
                return
            }
        }
    }

    // MARK: Locations and errors

    /// Display path of the key whose value is being parsed, such as `feeds[2].url`.
    var contextKey: String? {
        context.map { Self.path($0.prefix, $0.parts[...]) }
    }

    /// 1-based line of a byte offset.
    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset {
                low = mid
            } else {
                high = mid - 1
            }
        }
        return low + 1
    }

    /// A syntax error at `offset` (default: the current position), with line and column.
    func fail(_ message: String, at offset: Int? = nil, key: String? = nil) -> TOMLError {
        let target = min(offset ?? pos, bytes.count)
        let errorLine = line(at: target)
        var column = 1
        for index in lineStarts[errorLine - 1]..<target where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return TOMLError(
            file: file, line: errorLine, column: column, key: key ?? contextKey, message: message, code: .syntax
        )
    }

    /// Names what sits at `offset`, for "expected …, found …" messages.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        if byte == Byte.newline || byte == Byte.carriageReturn {
            return "a line break"
        }
        if Byte.isControl(byte) {
            return Byte.name(of: byte)
        }
        let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        let end = min(offset + length, bytes.count)
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }
}
