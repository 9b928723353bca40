import Feed
import Foundation
import Testing

@Suite("Encoding detection and the rule that decided")
struct EncodingRuleTests {
    static let koreanTitle = "남북 대표단 판문점에서 회담 재개"

    @Test("an undeclared EUC-KR document is detected as Korean and read as CP949")
    func undeclaredKorean() throws {
        let document = try Fixture.parse("euc-kr-undeclared.xml")
        #expect(document.errors.isEmpty)
        #expect(document.encoding == "CP949")
        #expect(document.encodingRule == .koreanDetection)
        #expect(document.title == "한반도 소식")
        #expect(document.items.first?.title == Self.koreanTitle)
        #expect(document.items.first?.summary == "양측은 군사 긴장 완화 방안을 논의했다.")
    }

    @Test("Korean detection holds when the document arrives one byte at a time")
    func undeclaredKoreanBytewise() throws {
        let data = try Fixture.data("euc-kr-undeclared.xml")
        let parser = FeedParser(feed: "test", now: Fixture.now)
        for byte in data { parser.push(Data([byte])) }
        let document = parser.finish()
        #expect(document.encodingRule == .koreanDetection)
        #expect(document.items.first?.title == Self.koreanTitle)
    }

    @Test("a document declared windows-1252 whose bytes are valid UTF-8 is read as UTF-8")
    func validUTF8OverridesDeclaration() throws {
        let document = try Fixture.parse("utf8-declared-windows-1252.xml")
        #expect(document.errors.isEmpty)
        #expect(document.encoding == "UTF-8")
        #expect(document.encodingRule == .validUTF8)
        #expect(document.title == "Café Politique")
        #expect(document.items.first?.title == EncodingTests.expectedTitle)
    }

    @Test("a real windows-1252 document keeps its declaration as the rule")
    func declaredWindows1252() throws {
        let document = try Fixture.parse("windows-1252.xml")
        #expect(document.encoding == "windows-1252")
        #expect(document.encodingRule == .xmlDeclaration)
    }

    @Test("undeclared bytes that are neither UTF-8 nor Korean fall back to windows-1252")
    func undeclaredWindows1252() {
        var bytes = Array("<rss><channel><item><guid>1</guid><title>d".utf8)
        bytes += [0xE9, 0x6C, 0xE9, 0x67, 0x75, 0xE9, 0x73, 0x20, 0x93, 0x6F, 0x6B, 0x94]     // délégués “ok”
        bytes += Array("</title></item></channel></rss>".utf8)
        let document = FeedParser.parse(Data(bytes), feed: "f")
        #expect(document.encodingRule == .windows1252Fallback)
        #expect(document.encoding == "windows-1252")
        #expect(document.items.first?.title == "délégués “ok”")
    }

    @Test("UTF-32 without a byte order mark is converted by the parser, not left to libxml2 (found by fuzzing)")
    func utf32WithoutMark() throws {
        let xml = "<rss><channel><item><guid>1</guid><title>Grüße</title></item></channel></rss>"
        let bigEndian = try #require(xml.data(using: .utf32BigEndian))
        let littleEndian = try #require(xml.data(using: .utf32LittleEndian))
        for data in [bigEndian, littleEndian] {
            let document = FeedParser.parse(data, feed: "f")
            #expect(document.encodingRule == .byteOrderMark)
            #expect(document.items.first?.title == "Grüße")
        }
    }

    @Test("converted text starting with NULs never makes libxml2 switch to an encoding of its own (found by fuzzing)")
    func noLibxml2Autodetection() {
        let bytes: [UInt8] = [0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3C] + Array("rss/>".utf8)
        let document = FeedParser.parse(Data(bytes), feed: "f")
        #expect(document.items.isEmpty)
        #expect(!document.errors.contains { $0.message.contains("encoding") })
    }

    @Test("undeclared GB2312 Chinese is not mistaken for Korean")
    func chineseIsNotKorean() {
        let chinese: [UInt8] = [                        // 外交部长今日抵达首都会谈 in GB2312
            0xCD, 0xE2, 0xBD, 0xBB, 0xB2, 0xBF, 0xB3, 0xA4, 0xBD, 0xF1, 0xC8, 0xD5,
            0xB5, 0xD6, 0xB4, 0xEF, 0xCA, 0xD7, 0xB6, 0xBC, 0xBB, 0xE1, 0xCC, 0xB8,
        ]
        let bytes = Array("<rss><channel><item><guid>1</guid><title>".utf8) + chinese
            + Array("</title></item></channel></rss>".utf8)
        let document = FeedParser.parse(Data(bytes), feed: "f")
        #expect(document.encodingRule == .windows1252Fallback)
        #expect(document.items.count == 1)
    }

    @Test("undeclared valid UTF-8, plain ASCII, BOM, UTF-16 and JSON each record their rule")
    func otherRules() throws {
        let utf8 = FeedParser.parse(Data("<rss><channel><title>Zürich</title></channel></rss>".utf8), feed: "f")
        #expect(utf8.encodingRule == .validUTF8)
        #expect(utf8.title == "Zürich")
        let ascii = FeedParser.parse(Data("<rss><channel><title>Bern</title></channel></rss>".utf8), feed: "f")
        #expect(ascii.encodingRule == .defaultUTF8)
        #expect(ascii.encoding == "UTF-8")
        let marked = FeedParser.parse(Data([0xEF, 0xBB, 0xBF] + Array("<rss/>".utf8)), feed: "f")
        #expect(marked.encodingRule == .byteOrderMark)
        #expect(try Fixture.parse("utf16.xml").encodingRule == .byteOrderMark)
        #expect(try Fixture.parse("rss20.xml").encodingRule == .xmlDeclaration)
        #expect(try Fixture.parse("jsonfeed11.json").encodingRule == .json)
        #expect(FeedParser.parse(Data(), feed: "f").encodingRule == nil)
    }

    @Test("a declared windows-1252 document that is ASCII for 64 KiB is still read as declared")
    func longASCIIPrefix() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel>".utf8)
        bytes += Array(repeating: UInt8(ascii: " "), count: 70_000)
        bytes += Array("<item><guid>1</guid><title>co".utf8) + [0xFB] + Array("t</title></item></channel></rss>".utf8)
        let parser = FeedParser(feed: "f")
        bytes.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 4096) {
                parser.push(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + 4096, raw.count)]))
            }
        }
        let document = parser.finish()
        #expect(document.encodingRule == .xmlDeclaration)
        #expect(document.items.first?.title == "coût")
    }
}
