import Feed
import Foundation
import Testing

/// The charset of the HTTP response, between the byte order mark and the XML declaration.
@Suite("The HTTP charset step")
struct HTTPCharsetTests {
    /// An RSS document around one item title given as raw bytes, optionally after a prolog (a declaration).
    static func rss(prolog: String = "", title: [UInt8]) -> Data {
        var bytes = Array(prolog.utf8)
        bytes += Array("<rss version=\"2.0\"><channel><title>c</title><item><guid>1</guid><title>".utf8)
        bytes += title
        bytes += Array("</title></item></channel></rss>".utf8)
        return Data(bytes)
    }

    static let windows1252Declaration = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
    /// "판문점" in EUC-KR: three syllables, too few for Korean detection to decide on its own.
    static let panmunjomEUCKR: [UInt8] = [0xC6, 0xC7, 0xB9, 0xAE, 0xC1, 0xA1]
    /// A Portuguese headline in capitals, in ISO-8859-1. Every `Ç` (0xC7) is followed by a capital with a tilde
    /// (0xC3, 0xD5), which together look exactly like an EUC-KR Hangul syllable.
    static let portugueseTitle = "INFORMAÇÕES: AÇÃO E REAÇÃO NA ADMINISTRAÇÃO"

    static func latin1(_ text: String) throws -> [UInt8] {
        Array(try #require(text.data(using: .isoLatin1)))
    }

    @Test("a document declared windows-1252 but served as UTF-8 with UTF-8 bytes is read as UTF-8 by the HTTP rule")
    func utf8OverDeclaration() {
        let data = Self.rss(prolog: Self.windows1252Declaration, title: Array("Água – “ok”".utf8))
        let document = FeedParser.parse(data, feed: "f", httpCharset: "utf-8")
        #expect(document.encoding == "UTF-8")
        #expect(document.encodingRule == .httpCharset)
        #expect(document.errors.isEmpty)
        #expect(document.items.first?.title == "Água – “ok”")
    }

    @Test("undeclared EUC-KR served as charset=euc-kr is converted from EUC-KR")
    func eucKR() {
        let data = Self.rss(title: Self.panmunjomEUCKR)
        let served = FeedParser.parse(data, feed: "f", httpCharset: "euc-kr")
        #expect(served.encoding == "euc-kr")
        #expect(served.encodingRule == .httpCharset)
        #expect(served.errors.isEmpty)
        #expect(served.items.first?.title == "판문점")
        // Without the header the bytes alone are too few to call Korean.
        let sniffed = FeedParser.parse(data, feed: "f")
        #expect(sniffed.encodingRule == .windows1252Fallback)
        #expect(sniffed.items.first?.title != "판문점")
    }

    @Test("a blanket charset=utf-8 in front of a document declared EUC-KR whose bytes are not UTF-8 yields to it")
    func utf8HeaderOverEUCKR() throws {
        let data = Self.rss(prolog: "<?xml version=\"1.0\" encoding=\"EUC-KR\"?>", title: Self.panmunjomEUCKR)
        let document = FeedParser.parse(data, feed: "f", httpCharset: "UTF-8")
        #expect(document.encodingRule == .xmlDeclaration)
        #expect(document.encoding == "EUC-KR")
        #expect(document.items.first?.title == "판문점")
        #expect(document.errors.map(\.code) == [.encoding])
        let message = try #require(document.errors.first?.message)
        #expect(message.contains("'UTF-8'") && message.contains("'EUC-KR'"))
    }

    @Test("charset=utf-8 holds for an undeclared document with a stray byte: one bad byte, not a whole re-reading")
    func utf8HeaderWithStrayByte() {
        let title = Array("Grüße ".utf8) + [0xE9] + Array(" Água".utf8)
        let document = FeedParser.parse(Self.rss(title: title), feed: "f", httpCharset: "utf-8")
        #expect(document.encodingRule == .httpCharset)
        #expect(document.items.first?.title == "Grüße é Água")
    }

    @Test("the HTTP charset holds when the document arrives one byte at a time")
    func eucKRBytewise() {
        let parser = FeedParser(feed: "f", httpCharset: "EUC-KR")
        for byte in Self.rss(title: Self.panmunjomEUCKR) { parser.push(Data([byte])) }
        let document = parser.finish()
        #expect(document.encodingRule == .httpCharset)
        #expect(document.items.first?.title == "판문점")
    }

    @Test("Latin-1 served as ISO-8859-1 is not mistaken for Korean")
    func latin1NotKorean() throws {
        let data = Self.rss(title: try Self.latin1(Self.portugueseTitle))
        let served = FeedParser.parse(data, feed: "f", httpCharset: "ISO-8859-1")
        #expect(served.encoding == "ISO-8859-1")
        #expect(served.encodingRule == .httpCharset)
        #expect(served.items.first?.title == Self.portugueseTitle)
        #expect(FeedParser.parse(data, feed: "f").encodingRule == .koreanDetection)
    }

    @Test("a byte order mark beats the HTTP charset", arguments: ["iso-8859-1", "euc-kr", "x-unknown"])
    func byteOrderMarkWins(charset: String) throws {
        let xml = "<rss><channel><item><guid>1</guid><title>Grüße “ok”</title></item></channel></rss>"
        let utf16 = Data([0xFF, 0xFE]) + (try #require(xml.data(using: .utf16LittleEndian)))
        let utf8 = Data([0xEF, 0xBB, 0xBF] + Array(xml.utf8))
        for data in [utf16, utf8] {
            let document = FeedParser.parse(data, feed: "f", httpCharset: charset)
            #expect(document.encodingRule == .byteOrderMark)
            #expect(document.errors.isEmpty, "the charset is never consulted, so an unknown one is not reported")
            #expect(document.items.first?.title == "Grüße “ok”")
        }
    }

    @Test("an unknown HTTP charset falls through to the declaration and is reported in one line")
    func unknownCharset() throws {
        let data = Self.rss(prolog: Self.windows1252Declaration, title: try Self.latin1("Séoul répond"))
        let document = FeedParser.parse(data, feed: "f", httpCharset: "x-klingon")
        #expect(document.encodingRule == .xmlDeclaration)
        #expect(document.encoding == "windows-1252")
        #expect(document.items.first?.title == "Séoul répond")
        #expect(document.errors.map(\.code) == [.encoding])
        let message = try #require(document.errors.first?.description)
        #expect(message.contains("'x-klingon'"))
        #expect(!message.contains("\n"))
    }

    @Test("a label not shaped like a charset name never reaches iconv", arguments: [
        "utf-8//IGNORE", "EUC-KR//TRANSLIT", "../../tmp/x", String(repeating: "a", count: 41),
    ])
    func oddLabel(charset: String) {
        let data = Self.rss(prolog: Self.windows1252Declaration, title: [0x63, 0x61, 0x66, 0xE9])
        let document = FeedParser.parse(data, feed: "f", httpCharset: charset)
        #expect(document.encodingRule == .xmlDeclaration)
        #expect(document.items.first?.title == "café")
        #expect(document.errors.map(\.code) == [.encoding])
    }

    @Test("an unknown HTTP charset on an undeclared document falls through to the bytes")
    func unknownCharsetUndeclared() {
        let document = FeedParser.parse(Self.rss(title: Array("Zürich".utf8)), feed: "f", httpCharset: "bogus")
        #expect(document.encodingRule == .validUTF8)
        #expect(document.items.first?.title == "Zürich")
        #expect(document.errors.count == 1)
    }

    @Test("a Western label served for valid UTF-8 is overruled, as in the declaration", arguments: [
        "iso-8859-1", "ISO-8859-1", "latin1", "windows-1252", "us-ascii",
    ])
    func westernOverruled(charset: String) {
        let document = FeedParser.parse(Self.rss(title: Array("Água".utf8)), feed: "f", httpCharset: charset)
        #expect(document.encodingRule == .validUTF8)
        #expect(document.encoding == "UTF-8")
        #expect(document.items.first?.title == "Água")
    }

    @Test("US-ASCII served for bytes that are not UTF-8 is read as Windows-1252, as browsers do")
    func asciiIsWindows1252() {
        let document = FeedParser.parse(
            Self.rss(title: [0x93, 0x6F, 0x6B, 0x94, 0x20, 0xE9]), feed: "f", httpCharset: "us-ascii")
        #expect(document.encodingRule == .httpCharset)
        #expect(document.encoding == "windows-1252")
        #expect(document.items.first?.title == "“ok” é")
    }

    @Test("a UTF-16 charset served for an 8-bit document is ignored and reported")
    func wideCharsetIgnored() {
        let document = FeedParser.parse(Self.rss(title: Array("Água".utf8)), feed: "f", httpCharset: "utf-16")
        #expect(document.encodingRule == .validUTF8)
        #expect(document.items.first?.title == "Água")
        #expect(document.errors.map(\.code) == [.encoding])
        #expect(document.errors.first?.message.contains("'utf-16'") == true)
    }

    @Test("a JSON Feed stays UTF-8 whatever the charset")
    func jsonIgnoresCharset() throws {
        let document = try FeedParser.parse(Fixture.data("jsonfeed11.json"), feed: "f", httpCharset: "euc-kr")
        #expect(document.encodingRule == .json)
        #expect(document.errors.isEmpty)
    }

    @Test("an empty or blank charset is no charset")
    func blankCharset() {
        for charset in ["", "  "] {
            let document = FeedParser.parse(Self.rss(title: Array("Água".utf8)), feed: "f", httpCharset: charset)
            #expect(document.encodingRule == .validUTF8)
            #expect(document.errors.isEmpty)
        }
    }
}
