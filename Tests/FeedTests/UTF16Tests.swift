import Feed
import Foundation
import Testing

/// UTF-16 in every shape a server sends it, and the labels libxml2 must never act on by itself (it would convert
/// with an encoder of its own, which stops the document and prints to stderr).
@Suite("UTF-16 and labels left to the sniffer")
struct UTF16Tests {
    static let xml = "<rss version=\"2.0\"><channel><title>Sixteen</title>"
        + "<item><guid>1</guid><title>Grüße “ok”</title></item>"
        + "<item><guid>2</guid><title>Second</title></item></channel></rss>"

    static func littleEndian(_ text: String) throws -> [UInt8] {
        Array(try #require(text.data(using: .utf16LittleEndian)))
    }

    @Test("UTF-16 without a byte order mark or declaration is recognised from its first characters")
    func withoutMark() throws {
        let little = try Self.littleEndian("\n" + Self.xml)
        let big = Array(try #require(Self.xml.data(using: .utf16BigEndian)))
        for (bytes, name) in [(little, "UTF-16LE"), (big, "UTF-16BE")] {
            let document = FeedParser.parse(Data(bytes), feed: "f")
            #expect(document.encoding == name)
            #expect(document.encodingRule == .byteOrderMark)
            #expect(document.errors.isEmpty)
            #expect(document.items.map(\.title) == ["Grüße “ok”", "Second"])
        }
    }

    @Test("a lone surrogate becomes one replacement character and the text after it stays aligned")
    func loneSurrogate() throws {
        var bytes: [UInt8] = [0xFF, 0xFE] + (try Self.littleEndian(Self.xml))
        let title = try Self.littleEndian("Grüße")
        let start = try #require(bytes.indices.first { bytes[$0...].starts(with: title) })
        bytes.insert(contentsOf: [0x3D, 0xD8], at: start)          // a high surrogate with no low one after it
        let document = FeedParser.parse(Data(bytes), feed: "f")
        #expect(document.items.map(\.title) == ["\u{FFFD}Grüße “ok”", "Second"])
        #expect(document.errors.map(\.code) == [.encoding])
    }

    @Test("a document cut in the middle of a code unit keeps the items before the cut")
    func cutInCodeUnit() throws {
        let bytes: [UInt8] = [0xFE, 0xFF] + Array(try #require(Self.xml.data(using: .utf16BigEndian)))
        let second = Array(try #require("Second".data(using: .utf16BigEndian)))
        let start = try #require(bytes.indices.first { bytes[$0...].starts(with: second) })
        let cut = start + 3                                          // half of the "e" of "Second"
        let parser = FeedParser(feed: "f")
        parser.push(Data(bytes[..<(start + 1)]))                     // and the chunks split inside the "S"
        parser.push(Data(bytes[(start + 1)..<cut]))
        let document = parser.finish()
        #expect(document.items.map(\.title) == ["Grüße “ok”"])
        #expect(document.errors.contains { $0.code == .encoding && $0.message.contains("UTF-16") })
        #expect(!document.errors.contains { $0.message.hasPrefix("libxml2:") })
    }

    @Test("a UTF-8 byte order mark beats a declared single-byte encoding")
    func utf8MarkBeatsDeclaration() {
        for declared in ["windows-1252", "ISO-8859-1", "EUC-KR", "UTF-16"] {
            let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"\(declared)\"?>"
                + "<rss><channel><item><guid>1</guid><title>Água</title></item></channel></rss>"
            let document = FeedParser.parse(Data(text.utf8), feed: "f")
            #expect(document.encodingRule == .byteOrderMark)
            #expect(document.errors.isEmpty, "\(declared): \(document.errors)")
            #expect(document.items.first?.title == "Água", "\(declared)")
        }
    }

    @Test("a declared UTF-16 in a document readable as ASCII is ignored and reported")
    func declaredWideIgnored() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
            + "<rss><channel><item><guid>1</guid><title>Água</title></item></channel></rss>"
        let document = FeedParser.parse(Data(text.utf8), feed: "f")
        #expect(document.encodingRule == .validUTF8)
        #expect(document.items.first?.title == "Água")
        #expect(document.errors.map(\.code) == [.encoding])
        #expect(document.errors.first?.message.contains("'UTF-16'") == true)
    }

    @Test("a declared US-ASCII is a Western label: UTF-8 bytes are UTF-8, others Windows-1252")
    func declaredASCII() {
        let prolog = Array("<?xml version=\"1.0\" encoding=\"us-ascii\"?>".utf8)
            + Array("<rss><channel><item><guid>1</guid><title>".utf8)
        let end = Array("</title></item></channel></rss>".utf8)
        let utf8 = FeedParser.parse(Data(prolog + Array("café".utf8) + end), feed: "f")
        #expect(utf8.encodingRule == .validUTF8)
        #expect(utf8.items.first?.title == "café")
        let latin = FeedParser.parse(Data(prolog + [0x63, 0x61, 0x66, 0xE9] + end), feed: "f")
        #expect(latin.encodingRule == .xmlDeclaration)
        #expect(latin.encoding == "windows-1252")
        #expect(latin.items.first?.title == "café")
    }

    @Test("a declaration the sniffer cannot read is not acted on by libxml2 either")
    func unreadableDeclaration() {
        let text = "<?xml version=\"1.0\" encoding\n=\"EUC-KR\"?>"
            + "<rss><channel><item><guid>1</guid><title>café</title></item></channel></rss>"
        let document = FeedParser.parse(Data(text.utf8), feed: "f")
        #expect(document.encodingRule == .validUTF8)
        #expect(document.items.first?.title == "café")
    }
}
