/// Decides from the first bytes whether a document is JSON or XML, and how its bytes must be read.
///
/// The format comes from the content, never from the HTTP Content-Type. The character encoding comes from the byte
/// order mark, else the charset of the HTTP response, else the XML declaration, else the bytes themselves (see
/// ``EncodingRule``). Where the bytes decide, the sniffer holds back up to ``contentWindow`` bytes waiting for the
/// first non-ASCII byte, so memory stays bounded and the document still streams.
enum DocumentSniffer {
    enum Verdict: Equatable {
        case needMore
        case empty
        case json
        /// How to read an XML document, the rule that decided, and one line for each label that was passed over
        /// on the way (an unknown HTTP charset, say), for the document's errors.
        case xml(XMLEncoding, EncodingRule, ignored: [String])

        /// The same verdict with `lines` listed first among the labels passed over.
        func noting(_ lines: [String]) -> Verdict {
            guard case .xml(let encoding, let rule, let ignored) = self, !lines.isEmpty else { return self }
            return .xml(encoding, rule, ignored: lines + ignored)
        }
    }

    enum XMLEncoding: Equatable {
        /// UTF-8 (or ASCII, or undeclared): libxml2 reads the bytes as they are.
        case utf8
        /// Convert from this encoding (an iconv name) with a ``Transcoder`` first.
        case transcode(String)
        /// The declared encoding is unknown; read as UTF-8 and say so.
        case unsupported(String)

        /// The name recorded in ``FeedDocument/encoding``.
        var name: String {
            switch self {
            case .utf8: return "UTF-8"
            case .transcode(let name), .unsupported(let name): return name
            }
        }
    }

    /// The charset the HTTP response named: the label as sent, and what it means (worked out once per document).
    struct Transport: Equatable {
        var label: String
        var meaning: CharsetLabel

        init(label: String) {
            self.label = label
            meaning = CharsetLabel(label)
        }
    }

    /// How far to look for the end of the XML declaration before giving up on reading it.
    static let declarationWindow = 1024
    /// How many bytes to hold back, at most, waiting for a non-ASCII byte to judge the encoding by.
    static let contentWindow = 64 * 1024

    static func sniff(_ bytes: [UInt8], final: Bool, transport: Transport? = nil) -> Verdict {
        if !final, bytes.count < 4 { return .needMore }
        if let unicode = byteOrder(bytes) { return .xml(unicode, .byteOrderMark, ignored: []) }
        let hasUTF8Mark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        var index = hasUTF8Mark ? 3 : 0
        while index < bytes.count, FeedDate.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return final ? .empty : .needMore }
        if bytes[index] == UInt8(ascii: "{") { return .json }
        if hasUTF8Mark { return .xml(.utf8, .byteOrderMark, ignored: []) }
        var ignored: [String] = []
        if let transport,
            let verdict = transported(transport, bytes: bytes, from: index, final: final, ignored: &ignored)
        {
            return verdict
        }
        return byMarkup(bytes, from: index, final: final).noting(ignored)
    }

    /// The HTTP step, for a document whose first character is at `index`. Nil when the charset is passed over,
    /// with the reason added to `ignored`.
    private static func transported(
        _ transport: Transport, bytes: [UInt8], from index: Int, final: Bool, ignored: inout [String]
    ) -> Verdict? {
        switch transport.meaning {
        case .utf8:
            return servedAsUTF8(transport, bytes: bytes, from: index, final: final, ignored: &ignored)
        case .western(let conversion):
            return western(conversion, rule: .httpCharset, bytes: bytes, final: final)
        case .other(let name):
            return .xml(.transcode(name), .httpCharset, ignored: [])
        case .wide:
            ignored.append("HTTP charset '\(transport.label)' ignored: the document is not UTF-16 or UTF-32")
        case .unknown:
            ignored.append("HTTP charset '\(transport.label)' is not a known encoding; ignored")
        }
        return nil
    }

    /// "charset=utf-8" holds unless the document declares another known encoding and its bytes are not UTF-8: a
    /// server's blanket default in front of an EUC-KR document, say, is the one conflict the bytes can settle.
    private static func servedAsUTF8(
        _ transport: Transport, bytes: [UInt8], from index: Int, final: Bool, ignored: inout [String]
    ) -> Verdict? {
        let declared: String
        switch declaration(bytes, from: index, final: final) {
        case .needMore:
            return .needMore
        case .named(let name) where CharsetLabel(name).isConvertible:
            declared = name
        case .named, .none:
            return .xml(.utf8, .httpCharset, ignored: [])
        }
        switch UTF8Evidence(bytes, final: final) {
        case .asciiSoFar where !final && bytes.count < contentWindow:
            return .needMore
        case .asciiSoFar, .valid:
            return .xml(.utf8, .httpCharset, ignored: [])
        case .invalid:
            let label = transport.label
            ignored.append("HTTP charset '\(label)' ignored: the bytes are not UTF-8; read as declared, '\(declared)'")
            return nil
        }
    }

    /// The XML declaration step, for a document whose first character is at `index`; then the bytes themselves.
    private static func byMarkup(_ bytes: [UInt8], from index: Int, final: Bool) -> Verdict {
        switch declaration(bytes, from: index, final: final) {
        case .needMore: return .needMore
        case .none: return byContent(bytes, final: final)
        case .named(let name): return declared(name, bytes: bytes, final: final)
        }
    }

    private enum Declaration: Equatable {
        case needMore
        /// No XML declaration, or one without a readable `encoding`.
        case none
        case named(String)
    }

    /// The `encoding` an XML declaration at `index` names.
    private static func declaration(_ bytes: [UInt8], from index: Int, final: Bool) -> Declaration {
        guard bytes[index] == UInt8(ascii: "<") else { return .none }
        let rest = bytes[index...]
        let declarationStart = Array("<?xml".utf8)
        if !final, rest.count < declarationStart.count, declarationStart.starts(with: rest) { return .needMore }
        guard rest.starts(with: declarationStart) else { return .none }
        guard let end = find(Array("?>".utf8), in: rest) else {
            return !final && bytes.count < declarationWindow ? .needMore : .none
        }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        return encodingName(in: text).map(Declaration.named) ?? .none
    }

    /// The encoding the declaration names, as ``CharsetLabel`` reads it.
    private static func declared(_ name: String, bytes: [UInt8], final: Bool) -> Verdict {
        switch CharsetLabel(name) {
        case .utf8:
            return .xml(.utf8, .xmlDeclaration, ignored: [])
        case .western(let conversion):
            return western(conversion, rule: .xmlDeclaration, bytes: bytes, final: final)
        case .other(let name):
            return .xml(.transcode(name), .xmlDeclaration, ignored: [])
        case .wide:
            // The declaration was just read as ASCII, so the document cannot be in the encoding it names.
            return byContent(bytes, final: final)
                .noting(["declared encoding '\(name)' ignored: the document is not UTF-16 or UTF-32"])
        case .unknown:
            return .xml(.unsupported(name), .xmlDeclaration, ignored: [])
        }
    }

    /// A single-byte Western label (from HTTP or the declaration) holds unless the non-ASCII bytes are valid UTF-8.
    private static func western(_ conversion: String, rule: EncodingRule, bytes: [UInt8], final: Bool) -> Verdict {
        switch UTF8Evidence(bytes, final: final) {
        case .asciiSoFar where !final && bytes.count < contentWindow:
            return .needMore
        case .valid:
            return .xml(.utf8, .validUTF8, ignored: [])
        case .asciiSoFar, .invalid:
            return .xml(.transcode(conversion), rule, ignored: [])
        }
    }

    /// An undeclared document: UTF-8 when its bytes say so, else Korean when they look like it, else Windows-1252.
    private static func byContent(_ bytes: [UInt8], final: Bool) -> Verdict {
        switch UTF8Evidence(bytes, final: final) {
        case .asciiSoFar where !final && bytes.count < contentWindow:
            return .needMore
        case .asciiSoFar:
            return .xml(.utf8, .defaultUTF8, ignored: [])
        case .valid:
            return .xml(.utf8, .validUTF8, ignored: [])
        case .invalid:
            switch KoreanDetector.judge(bytes) {
            case .korean:
                return .xml(.transcode("CP949"), .koreanDetection, ignored: [])
            case .undecided where !final && bytes.count < contentWindow:
                return .needMore
            case .undecided, .notKorean:
                return .xml(.transcode("windows-1252"), .windows1252Fallback, ignored: [])
            }
        }
    }

    /// UTF-16 and UTF-32 announced by a byte order mark, or recognisable from how the first characters are spelled:
    /// two ASCII characters each followed (UTF-16LE) or preceded (UTF-16BE) by a NUL byte, such as `<\0r\0` or
    /// `\n\0<\0`. A UTF-8 or single-byte document never has those NULs. Every pattern libxml2 would detect on its own
    /// must be caught here: its own conversion stops the document at the first bad character and prints to stderr.
    private static func byteOrder(_ bytes: [UInt8]) -> XMLEncoding? {
        guard bytes.count >= 4 else { return nil }
        switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
        case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00): return .transcode("UTF-32")
        case (0x00, 0x00, 0x00, 0x3C): return .transcode("UTF-32BE")
        case (0x3C, 0x00, 0x00, 0x00): return .transcode("UTF-32LE")
        case (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _): return .transcode("UTF-16")
        case (let first, 0x00, let second, 0x00) where isASCII(first) && isASCII(second):
            return .transcode("UTF-16LE")
        case (0x00, let first, 0x00, let second) where isASCII(first) && isASCII(second):
            return .transcode("UTF-16BE")
        default: return nil
        }
    }

    private static func isASCII(_ byte: UInt8) -> Bool { byte != 0 && byte < 0x80 }

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
