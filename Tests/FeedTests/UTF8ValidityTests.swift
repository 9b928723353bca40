@testable import Feed
import Foundation
import Testing

/// The parser reads a field's bytes in place when `TextDecoding.isValidUTF8` says they are UTF-8, and through the
/// Windows-1252 repair otherwise, so the check must agree with the standard library's on every input.
@Suite("UTF-8 validity")
struct UTF8ValidityTests {
    /// Well-formed and malformed sequences, each placed at several offsets so that it falls inside, across and
    /// after the eight-byte ASCII steps.
    static let sequences: [[UInt8]] = [
        [], [0x41], [0xC3, 0xA9], [0xE2, 0x80, 0x99], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBB, 0xBF],
        [0xC0, 0xAF],                   // overlong "/"
        [0xE0, 0x80, 0xAF],             // overlong, three bytes
        [0xF0, 0x80, 0x80, 0xAF],       // overlong, four bytes
        [0xED, 0xA0, 0x80],             // a surrogate
        [0xF4, 0x90, 0x80, 0x80],       // beyond U+10FFFF
        [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xBF],
        [0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x98],  // cut short
        [0xC3, 0x41], [0xE2, 0x41, 0x99],          // a continuation byte missing
        [0x92],                         // a Windows-1252 quote in text labelled UTF-8
    ]

    @Test("agrees with String(validating:) on valid, overlong, surrogate, out-of-range and cut-short sequences")
    func agreesWithStandardLibrary() {
        for sequence in Self.sequences {
            for prefix in 0...9 {
                for suffix in [0, 1, 7, 8, 9] {
                    let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + sequence
                        + Array(repeating: UInt8(ascii: "z"), count: suffix)
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    let got = bytes.withUnsafeBufferPointer(TextDecoding.isValidUTF8)
                    #expect(got == expected, "\(bytes)")
                }
            }
        }
    }

    @Test("a Windows-1252 byte in a UTF-8 document still reads as the character it stands for")
    func repairStillApplies() {
        // libxml2 passes the raw bytes through after its encoding error; the field must not be read as UTF-8.
        var bytes = Array("<rss version=\"2.0\"><channel><item><title>It".utf8)
        bytes += [0x92]
        bytes += Array("s here</title></item></channel></rss>".utf8)
        let items = FeedParser.parse(Data(bytes), feed: "f").items
        #expect(items.first?.title == "It\u{2019}s here")
    }
}
