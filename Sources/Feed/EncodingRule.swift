/// Which step of the character-encoding pipeline decided how a document's bytes were read, in the order the steps
/// are tried: byte order mark, the charset the HTTP response named, the XML declaration (a single-byte Western label
/// from either is overruled when the bytes are in fact valid UTF-8), then, for undeclared documents, UTF-8 validity,
/// Korean detection and the Windows-1252 fallback.
public enum EncodingRule: String, Sendable, Codable {
    /// A UTF-8, UTF-16 or UTF-32 byte order mark, or UTF-16/UTF-32 recognised from how the first characters are
    /// spelled (`<` followed by NUL bytes).
    case byteOrderMark = "bom"
    /// The `charset` parameter of the HTTP Content-Type, handed to the parser by whoever fetched the document.
    case httpCharset = "http-charset"
    /// The `encoding` of the XML declaration.
    case xmlDeclaration = "declaration"
    /// The non-ASCII bytes are valid UTF-8: undeclared, or labelled US-ASCII, Windows-1252 or ISO-8859-1 (by HTTP or
    /// the declaration), which would turn every accented letter into two wrong characters ("valid UTF-8 is UTF-8").
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
