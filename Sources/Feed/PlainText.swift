#if canImport(Glibc)
import Glibc
#endif

/// Reduces feed HTML to one line of readable text for digests and the classifier.
///
/// Not a sanitiser and not an HTML5 parser: it only has to produce text. Tags are dropped (block-level ones become
/// a space so words do not run together), `script`/`style` bodies and comments vanish, named and numeric character
/// references are decoded, and runs of whitespace collapse to single spaces.
public enum PlainText {
    /// Plain text of an HTML fragment. A `<` that cannot start a tag (as in `3 < 5`) is kept as text.
    public static func fromHTML(_ s: String) -> String {
        var scanner = HTMLScanner()
        var text = s
        return text.withUTF8 { scanner.run($0) }
    }

    /// Collapses whitespace (including no-break spaces) and trims; for text that is already plain.
    public static func collapse(_ s: String) -> String {
        var writer = TextWriter()
        var text = s
        text.withUTF8 { writer.append(utf8: $0) }
        return writer.result
    }

    /// ``fromHTML(_:)`` or ``collapse(_:)`` straight from bytes known to be valid UTF-8, without an
    /// intermediate string. `scratch` is working space the caller keeps between calls (its contents are not kept): one buffer for every
    /// field of a document instead of one allocated and freed per field.
    static func fromValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, html: Bool, scratch: inout [UInt8]) -> String {
        if html {
            var scanner = HTMLScanner(writer: TextWriter(borrowing: &scratch))
            let text = scanner.run(bytes)
            scanner.giveBack(to: &scratch)
            return text
        }
        var writer = TextWriter(borrowing: &scratch)
        writer.append(utf8: bytes)
        let text = writer.result
        writer.giveBack(to: &scratch)
        return text
    }
}

extension PlainText {
    /// `text` without leading and trailing whitespace (ASCII and no-break space); inner spacing untouched.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}": return true
            default: return false
            }
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }
}

/// Accumulates UTF-8 text while collapsing whitespace runs into one space and dropping leading/trailing space,
/// control characters and C1 codes (read as the Windows-1252 punctuation they almost always stand for).
struct TextWriter {
    private var bytes: [UInt8] = []
    private var pendingSpace = false

    init() {}

    /// A writer that works in `buffer`'s storage (emptied, its capacity kept) until ``giveBack(to:)``.
    init(borrowing buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Returns the storage taken by ``init(borrowing:)``; the writer is empty afterwards.
    mutating func giveBack(to buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
        bytes = []
    }

    /// Appends valid UTF-8 (the bytes of a Swift string).
    mutating func append(utf8 input: UnsafeBufferPointer<UInt8>) {
        if bytes.capacity == 0 { bytes.reserveCapacity(input.count) }
        @inline(__always) func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        var index = 0
        while index < input.count {
            let lead = input[index]
            if isVisibleASCII(lead) {
                // Copy a whole run of visible ASCII at once, through single spaces between visible
                // characters (the one space collapsing would leave there anyway): most feed text is
                // exactly that, and copying word by word was most of this function's time.
                var end = index + 1
                while end < input.count {
                    if end + 8 <= input.count, Self.continuesRun(input.baseAddress! + end) {
                        end += 8
                    } else if isVisibleASCII(input[end]) {
                        end += 1
                    } else if input[end] == 0x20, end + 1 < input.count, isVisibleASCII(input[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                flushSpace()
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                index = end
                continue
            }
            if lead < 0x80 {
                appendASCII(lead)
                index += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= input.count else { return }
            let second = input[index + 1]
            if lead == 0xC2, second == 0xA0 {
                pendingSpace = true                                 // U+00A0 no-break space
            } else if lead == 0xC2, second <= 0x9F {
                appendC1(second)
            } else if lead == 0xE2, second == 0x80, input[index + 2] == 0xA8 || input[index + 2] == 0xA9 {
                pendingSpace = true                                 // U+2028, U+2029 line/paragraph separators
            } else {
                flushSpace()
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<index + length]))
            }
            index += length
        }
    }

    /// Whether the eight bytes at `bytes`, which follow a visible ASCII character, all extend a run the copy
    /// above takes as it is: visible ASCII and single spaces, the last byte not a space. Tested on the eight at
    /// once (each mask has a byte's top bit set where that byte fails a test), about a third of the work of
    /// testing them one by one.
    @inline(__always)
    private static func continuesRun(_ bytes: UnsafePointer<UInt8>) -> Bool {
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        let tops: UInt64 = 0x8080_8080_8080_8080
        let control = ~((low7 &+ 0x6060_6060_6060_6060) | word) & tops            // below 0x20
        let deleteOrHigh = ((low7 &+ 0x0101_0101_0101_0101) | word) & tops      // 0x7F, or not ASCII
        let spaceless = word ^ 0x2020_2020_2020_2020
        let spaces = ~(((spaceless & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | spaceless) & tops
        let doubledOrLastSpace = (spaces & (spaces >> 8)) | (spaces & 0x8000_0000_0000_0000)
        return control | deleteOrHigh | doubledOrLastSpace == 0
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            appendASCII(UInt8(scalar.value))
        } else {
            var encoded = String(scalar)
            encoded.withUTF8 { append(utf8: $0) }
        }
    }

    mutating func appendSpace() { pendingSpace = true }

    var result: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    private mutating func appendASCII(_ byte: UInt8) {
        switch byte {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: pendingSpace = true
        case 0x00...0x1F, 0x7F: break                   // control characters never belong in a title
        default:
            flushSpace()
            bytes.append(byte)
        }
    }

    private mutating func appendC1(_ code: UInt8) {
        let mapped = TextDecoding.windows1252Scalar(code)
        if mapped.value > 0x9F { append(mapped) }       // the five undefined positions are dropped
    }

    @inline(__always)
    private mutating func flushSpace() {
        if pendingSpace, !bytes.isEmpty { bytes.append(0x20) }
        pendingSpace = false
    }
}

/// The state machine behind ``PlainText/fromHTML(_:)``, working on UTF-8 bytes.
struct HTMLScanner {
    private var writer: TextWriter

    init(writer: TextWriter = TextWriter()) {
        self.writer = writer
    }

    /// Returns the storage of a writer made with ``TextWriter/init(borrowing:)``.
    mutating func giveBack(to buffer: inout [UInt8]) {
        writer.giveBack(to: &buffer)
    }

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            if end > textStart { appendText(bytes, textStart..<end) }
        }
        // Only `<` and `&` start anything; the bytes between are found with `memchr`, which
        // looks at many bytes at a time, and each search is redone only once passed.
        var nextTag = -1
        var nextReference = -1
        while index < bytes.count {
            if nextTag < index { nextTag = Self.next(UInt8(ascii: "<"), in: bytes, from: index) }
            if nextReference < index { nextReference = Self.next(UInt8(ascii: "&"), in: bytes, from: index) }
            index = min(nextTag, nextReference)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let tagEnd = tagEnd(bytes, from: index) {
                flushText(upTo: index)
                index = handleTag(bytes, start: index, end: tagEnd)
                textStart = index
            } else if byte == UInt8(ascii: "&"), let (scalar, next) = CharacterReference.decode(bytes, at: index) {
                flushText(upTo: index)
                writer.append(scalar)
                index = next
                textStart = index
            } else {
                index += 1
            }
        }
        flushText(upTo: bytes.count)
        return writer.result
    }

    /// The index of the first `byte` at or after `start`, or the count when there is none.
    private static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        writer.append(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Where the tag starting at `start` ends (index just past `>`), or nil if this `<` is plain text.
    private func tagEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        let next = bytes[start + 1]
        let isLetter = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
        guard isLetter || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") else {
            return nil
        }
        if hasPrefix(bytes, at: start, "<!--") {
            return find(bytes, "-->", from: start + 4).map { $0 + 3 } ?? bytes.count
        }
        var quote: UInt8 = 0
        var afterEquals = false                     // a quote opens a value only right after `=`
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if afterEquals, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            if byte == UInt8(ascii: "=") {
                afterEquals = true
            } else if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                afterEquals = false
            }
            index += 1
        }
        return bytes.count                          // unterminated tag: drop the rest, as browsers do
    }

    /// Acts on one tag and returns where scanning resumes (past a script/style body for those).
    private mutating func handleTag(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        if hasPrefix(bytes, at: start, "<![CDATA[") {
            let bodyEnd = find(bytes, "]]>", from: start + 9) ?? bytes.count
            appendText(bytes, (start + 9)..<bodyEnd)
            return min(bodyEnd + 3, bytes.count)
        }
        var nameStart = start + 1
        let closing = bytes[nameStart] == UInt8(ascii: "/")
        if closing { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < end, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
        let name = TagName(bytes, nameStart..<nameEnd)
        if !closing, name.isRawText, let close = findClosing(bytes, name: nameStart..<nameEnd, from: end) {
            writer.appendSpace()
            return close
        }
        if name.isBlock { writer.appendSpace() }
        return end
    }

    /// The index after `</name ...>` that ends a script or style body.
    private func findClosing(_ bytes: UnsafeBufferPointer<UInt8>, name: Range<Int>, from: Int) -> Int? {
        var index = from
        while let open = find(bytes, "</", from: index) {
            var matches = true
            for (offset, position) in name.enumerated() {
                let at = open + 2 + offset
                if at >= bytes.count || bytes[at] | 0x20 != bytes[position] | 0x20 { matches = false; break }
            }
            if matches { return tagEnd(bytes, from: open) ?? bytes.count }
            index = open + 2
        }
        return bytes.count
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ":")
    }

    private func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[start + offset] != prefix.utf8Start[offset] { return false }
        return true
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        var index = from
        while index < bytes.count {
            if hasPrefix(bytes, at: index, needle) { return index }
            index += 1
        }
        return nil
    }
}
