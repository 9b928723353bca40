/// What a character-encoding label (an HTTP `charset` or an XML declaration's `encoding`) asks the parser to do
/// with the bytes. Both steps of the pipeline read labels the same way, so a label means one thing wherever it is.
enum CharsetLabel: Equatable {
    /// UTF-8: read the bytes as they are.
    case utf8
    /// US-ASCII, ISO-8859-1 or Windows-1252 (and their aliases): labels that every byte string satisfies, so a
    /// mislabelled UTF-8 document goes unnoticed unless its bytes are checked. Carries the iconv name to convert
    /// with when they are not UTF-8; US-ASCII is read as Windows-1252, as browsers do.
    case western(String)
    /// UTF-16 or UTF-32 (or UCS-2/UCS-4). Such a document is recognised from its first bytes before any label is
    /// read, so a label that is reached at all names an encoding the bytes are not in.
    case wide
    /// Another encoding iconv converts from, such as EUC-KR or Shift_JIS; carries the label as given.
    case other(String)
    /// A label iconv does not know, or one that is not shaped like a charset name at all.
    case unknown

    /// A known encoding other than UTF-8 that bytes can be converted from.
    var isConvertible: Bool {
        switch self {
        case .western, .other: return true
        case .utf8, .wide, .unknown: return false
        }
    }

    init(_ label: String) {
        // Labels come from the server; only names shaped like registered charset names reach iconv, never `//`
        // suffixes or anything else its parser would read as more than a name.
        guard (1...40).contains(label.utf8.count), label.utf8.allSatisfy(Self.isNameByte) else {
            self = .unknown
            return
        }
        let name = label.lowercased()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            self = .utf8
        case "us-ascii", "ascii", "iso-646-us", "ansi_x3.4-1968":
            self = .western("windows-1252")
        default:
            let wide = ["utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2", "ucs-4", "ucs4"]
            if wide.contains(where: { name.hasPrefix($0) }) || name == "unicode" {
                self = .wide
            } else if let transcoder = Transcoder(from: label) {
                self = transcoder.isWesternSingleByte ? .western(label) : .other(label)
            } else {
                self = .unknown
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}
