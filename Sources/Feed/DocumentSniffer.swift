/// Decides from the first bytes whether a document is JSON or XML, and how its bytes must be read.
///
/// The format comes from the content, never from the HTTP Content-Type. The character encoding comes from the byte
/// order mark, else the XML declaration, else UTF-8.
enum DocumentSniffer {
    enum Verdict: Equatable {
        case needMore
        case empty
        case json
        case xml(XMLEncoding)
    }

    enum XMLEncoding: Equatable {
        /// UTF-8 (or ASCII, or undeclared): libxml2 reads the bytes as they are.
        case utf8
        /// Convert from this encoding (an iconv name) with a ``Transcoder`` first.
        case transcode(String)
        /// The declared encoding is unknown; read as UTF-8 and say so.
        case unsupported(String)
    }

    /// How far to look for the end of the XML declaration before giving up on reading it.
    static let declarationWindow = 1024

    static func sniff(_ bytes: [UInt8], final: Bool) -> Verdict {
        if !final, bytes.count < 4 { return .needMore }
        if let unicode = byteOrder(bytes) { return .xml(unicode) }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, FeedDate.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return final ? .empty : .needMore }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return .json
        case UInt8(ascii: "<"):
            let rest = bytes[index...]
            let declarationStart = Array("<?xml".utf8)
            if !final, rest.count < declarationStart.count, declarationStart.starts(with: rest) { return .needMore }
            guard rest.starts(with: declarationStart) else { return .xml(.utf8) }
            guard let end = find(Array("?>".utf8), in: rest) else {
                return !final && bytes.count < declarationWindow ? .needMore : .xml(.utf8)
            }
            let declaration = String(decoding: bytes[index..<end], as: UTF8.self)
            return .xml(encoding(declared: encodingName(in: declaration)))
        default:
            return .xml(.utf8)
        }
    }

    /// UTF-16 and UTF-32 announced by a byte order mark, or recognisable from how `<?` is spelled.
    private static func byteOrder(_ bytes: [UInt8]) -> XMLEncoding? {
        guard bytes.count >= 4 else { return nil }
        switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
        case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00): return .transcode("UTF-32")
        case (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _): return .transcode("UTF-16")
        case (0x3C, 0x00, 0x3F, 0x00): return .transcode("UTF-16LE")
        case (0x00, 0x3C, 0x00, 0x3F): return .transcode("UTF-16BE")
        default: return nil
        }
    }

    private static func encoding(declared name: String?) -> XMLEncoding {
        guard let name else { return .utf8 }
        switch name.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii":
            return .utf8
        default:
            return Transcoder(from: name) == nil ? .unsupported(name) : .transcode(name)
        }
    }

    /// The value of the `encoding` pseudo-attribute of an XML declaration.
    static func encodingName(in declaration: String) -> String? {
        guard let key = declaration.firstRange(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex, index - haystack.startIndex < declarationWindow {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
