import Feed
import Foundation
import Testing

@Suite("Character encodings")
struct EncodingTests {
    static let expectedTitle = "“Une trêve” signée – coût 5€"

    @Test("a document declared windows-1252 is converted to valid UTF-8 text")
    func windows1252() throws {
        let document = try Fixture.parse("windows-1252.xml")
        #expect(document.errors.isEmpty)
        #expect(document.title == "Café Politique")
        #expect(document.items.first?.title == Self.expectedTitle)
        #expect(document.items.first?.summary == "Les délégués se sont réunis…")
    }

    @Test("bytes undefined in windows-1252 are replaced, not fatal")
    func undefinedBytes() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?>".utf8)
        bytes += Array("<rss><channel><item><guid>1</guid><title>a".utf8)
        bytes += [0x81, 0xE9, 0x8D]
        bytes += Array("b</title></item><item><guid>2</guid></item></channel></rss>".utf8)
        let document = FeedParser.parse(Data(bytes), feed: "f")
        #expect(document.items.map(\.title) == ["aéb", nil])
        #expect(document.errors.map(\.code) == [.encoding])
    }

    @Test("ISO-8859-1 smart quotes (really Windows-1252) come out as punctuation")
    func latin1SmartQuotes() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8)
        bytes += Array("<rss><channel><item><guid>1</guid><title>".utf8)
        bytes += [0x93, 0x41, 0x94, 0x20, 0xE0]
        bytes += Array("</title></item></channel></rss>".utf8)
        #expect(FeedParser.parse(Data(bytes), feed: "f").items.first?.title == "“A” à")
    }

    @Test("Windows-1252 bytes in a document declared UTF-8 still give readable text and an error")
    func mislabelled() throws {
        let document = try Fixture.parse("mislabelled-utf8.xml")
        #expect(document.items.first?.title == Self.expectedTitle)
        #expect(document.errors.contains { $0.code == .malformed })
    }

    @Test("an unknown declared encoding is read as UTF-8 and noted")
    func unsupported() throws {
        let document = try Fixture.parse("unsupported-encoding.xml")
        #expect(document.title == "Unknown charset")
        #expect(document.items.first?.title == Self.expectedTitle)
        #expect(document.errors.map(\.code) == [.encoding])
        #expect(document.errors.first?.message.contains("x-no-such-charset") == true)
    }

    @Test("UTF-16 with a byte order mark")
    func utf16() throws {
        let document = try Fixture.parse("utf16.xml")
        #expect(document.errors.isEmpty)
        #expect(document.title == "Sixteen bits")
        #expect(document.items.first?.title == Self.expectedTitle)
    }

    @Test("a UTF-8 byte order mark is accepted")
    func utf8BOM() {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?>"
            + "<rss><channel><item><guid>1</guid><title>caf\u{E9}</title></item></channel></rss>"
        let document = FeedParser.parse(Data(xml.utf8), feed: "f")
        #expect(document.errors.isEmpty)
        #expect(document.items.first?.title == "café")
    }
}
