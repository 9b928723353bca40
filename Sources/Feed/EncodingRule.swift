/// Which step of the character-encoding pipeline decided how a document's bytes were read, in the order the steps
/// are tried: byte order mark, XML declaration (overruled when a declared single-byte Western encoding is in fact
/// valid UTF-8), then, for undeclared documents, UTF-8 validity, Korean detection and the Windows-1252 fallback.
public enum EncodingRule: String, Sendable, Codable {
    /// A UTF-8, UTF-16 or UTF-32 byte order mark, or UTF-16 recognised from how `<?` is spelled.
    case byteOrderMark = "bom"
    /// The `encoding` of the XML declaration.
    case xmlDeclaration = "declaration"
    /// The non-ASCII bytes are valid UTF-8: undeclared, or declared Windows-1252/ISO-8859-1, which would turn every
    /// accented letter into two wrong characters ("valid UTF-8 is UTF-8").
    case validUTF8 = "valid-utf-8"
    /// Undeclared, not UTF-8, and shaped like EUC-KR/CP949 Hangul (Korean outlets often serve it undeclared).
    case koreanDetection = "euc-kr-detection"
    /// Undeclared and not UTF-8: read as Windows-1252, as browsers do.
    case windows1252Fallback = "windows-1252-fallback"
    /// Undeclared and plain ASCII as far as the sniffer looked: read as UTF-8, the XML default.
    case defaultUTF8 = "default-utf-8"
    /// A JSON Feed, which is UTF-8 by specification.
    case json = "json"
}
