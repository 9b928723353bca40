/// Decides from the first bytes whether a document is JSON or XML, and how its bytes must be read.
///
/// The format comes from the content, never from the HTTP Content-Type. The character encoding comes from the byte
/// order mark, else the XML declaration, else the bytes themselves (see ``EncodingRule``). Where the bytes decide,
/// the sniffer holds back up to ``contentWindow`` bytes waiting for the first non-ASCII byte, so memory stays bounded
/// and the document still streams.
enum DocumentSniffer {
    enum Verdict: Equatable {
        case needMore
        case empty
        case json
        case xml(XMLEncoding, EncodingRule)
    }

    enum XMLEncoding: Equatable {
        /// UTF-8 (or ASCII, or undeclared): libxml2 reads the bytes as they are. With `overrideDeclaration`, an
        /// encoding named in the XML declaration is wrong and libxml2 must ignore it.
        case utf8(overrideDeclaration: Bool)
        /// Convert from this encoding (an iconv name) with a ``Transcoder`` first.
        case transcode(String)
        /// The declared encoding is unknown; read as UTF-8 and say so.
        case unsupported(String)

        static let utf8 = XMLEncoding.utf8(overrideDeclaration: false)

        /// The name recorded in ``FeedDocument/encoding``.
        var name: String {
            switch self {
            case .utf8: return "UTF-8"
            case .transcode(let name), .unsupported(let name): return name
            }
        }
    }

    /// How far to look for the end of the XML declaration before giving up on reading it.
    static let declarationWindow = 1024
    /// How many bytes to hold back, at most, waiting for a non-ASCII byte to judge the encoding by.
    static let contentWindow = 64 * 1024

    static func sniff(_ bytes: [UInt8], final: Bool) -> Verdict {
        if !final, bytes.count < 4 { return .needMore }
        if let unicode = byteOrder(bytes) { return .xml(unicode, .byteOrderMark) }
        let hasUTF8Mark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        var index = hasUTF8Mark ? 3 : 0
        while index < bytes.count, FeedDate.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return final ? .empty : .needMore }
        if hasUTF8Mark, bytes[index] != UInt8(ascii: "{") { return .xml(.utf8, .byteOrderMark) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return .json
        case UInt8(ascii: "<"):
            let rest = bytes[index...]
            let declarationStart = Array("<?xml".utf8)
            if !final, rest.count < declarationStart.count, declarationStart.starts(with: rest) { return .needMore }
            guard rest.starts(with: declarationStart) else { return byContent(bytes, final: final) }
            guard let end = find(Array("?>".utf8), in: rest) else {
                return !final && bytes.count < declarationWindow ? .needMore : byContent(bytes, final: final)
            }
            let declaration = String(decoding: bytes[index..<end], as: UTF8.self)
            guard let name = encodingName(in: declaration) else { return byContent(bytes, final: final) }
            return declared(name, bytes: bytes, final: final)
        default:
            return byContent(bytes, final: final)
        }
    }

    /// A declared encoding; a declared Windows-1252 or Latin-1 whose non-ASCII bytes are valid UTF-8 is UTF-8.
    private static func declared(_ name: String, bytes: [UInt8], final: Bool) -> Verdict {
        let lowered = name.lowercased()
        switch lowered {
        case "utf-8", "utf8", "us-ascii", "ascii":
            return .xml(.utf8, .xmlDeclaration)
        default:
            break
        }
        guard let transcoder = Transcoder(from: name) else { return .xml(.unsupported(name), .xmlDeclaration) }
        guard transcoder.isWesternSingleByte else { return .xml(.transcode(name), .xmlDeclaration) }
        switch UTF8Evidence(bytes, final: final) {
        case .asciiSoFar where !final && bytes.count < contentWindow:
            return .needMore
        case .valid:
            return .xml(.utf8(overrideDeclaration: true), .validUTF8)
        case .asciiSoFar, .invalid:
            return .xml(.transcode(name), .xmlDeclaration)
        }
    }

    /// An undeclared document: UTF-8 when its bytes say so, else Korean when they look like it, else Windows-1252.
    private static func byContent(_ bytes: [UInt8], final: Bool) -> Verdict {
        switch UTF8Evidence(bytes, final: final) {
        case .asciiSoFar where !final && bytes.count < contentWindow:
            return .needMore
        case .asciiSoFar:
            return .xml(.utf8, .defaultUTF8)
        case .valid:
            return .xml(.utf8, .validUTF8)
        case .invalid:
            switch KoreanDetector.judge(bytes) {
            case .korean:
                return .xml(.transcode("CP949"), .koreanDetection)
            case .undecided where !final && bytes.count < contentWindow:
                return .needMore
            case .undecided, .notKorean:
                return .xml(.transcode("windows-1252"), .windows1252Fallback)
            }
        }
    }

    /// UTF-16 and UTF-32 announced by a byte order mark, or recognisable from how `<` or `<?` is spelled. Every
    /// pattern libxml2 would detect on its own must be caught here: its own conversion stops the document at the
    /// first bad character and prints to stderr.
    private static func byteOrder(_ bytes: [UInt8]) -> XMLEncoding? {
        guard bytes.count >= 4 else { return nil }
        switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
        case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00): return .transcode("UTF-32")
        case (0x00, 0x00, 0x00, 0x3C): return .transcode("UTF-32BE")
        case (0x3C, 0x00, 0x00, 0x00): return .transcode("UTF-32LE")
        case (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _): return .transcode("UTF-16")
        case (0x3C, 0x00, 0x3F, 0x00): return .transcode("UTF-16LE")
        case (0x00, 0x3C, 0x00, 0x3F): return .transcode("UTF-16BE")
        default: return nil
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
