@testable import Digest
import Foundation
import Testing

/// The digest's JSON, written a part at a time, must be the very bytes `JSONEncoder` writes.
@Suite("Digest JSON written in parts")
struct DigestJSONTests {
    func expectSameBytes(_ digest: Digest, chunkSize: Int, _ note: String) throws {
        let whole = [UInt8](try DigestWriter.encoder.encode(digest))
        let parts = try DigestJSON.encode(digest, with: DigestWriter.encoder, chunkSize: chunkSize)
        let differsAt = parts.indices.first { $0 >= whole.count || parts[$0] != whole[$0] } ?? parts.count
        let same = parts == whole
        #expect(same, """
            \(note), chunks of \(chunkSize): \(parts.count) bytes against \(whole.count), first difference at \(differsAt): \
            \(String(decoding: parts[max(0, differsAt - 80)..<min(parts.count, differsAt + 40)], as: UTF8.self))
            """)
    }

    @Test("a full digest, its lists split at every size, gives JSONEncoder's bytes")
    func sameAsEncoder() throws {
        let rich = DigestFormatsTests.richDigest(final: true)
        #expect(!rich.provocations.isEmpty && !rich.diplomatic.isEmpty && !rich.focusOther.isEmpty && !rich.feeds.isEmpty)
        for size in [1, 2, 3, 256] {
            try expectSameBytes(rich, chunkSize: size, "the rich digest")
        }
        // Many entries, more than one default chunk, with text that needs escaping.
        var many = rich
        many.focusOther = (0..<600).map { index in
            Digest.Entry(id: "i\(index)", feed: "wire", feedTitle: "Wire \"W\"", title: "line\nbreak \\ \(index) / é",
                         link: index % 2 == 0 ? nil : "https://example.org/\(index)", time: Date(timeIntervalSince1970: Double(index) * 61),
                         timeSource: .feed)
        }
        try expectSameBytes(many, chunkSize: DigestJSON.chunkSize, "600 focus entries")
    }

    @Test("empty lists stay as the encoder writes them")
    func emptyLists() throws {
        var empty = DigestFormatsTests.richDigest(final: false)
        empty.provocations = []
        empty.diplomatic = []
        empty.focusOther = []
        empty.feeds = []
        try expectSameBytes(empty, chunkSize: 2, "every list empty")
        var some = DigestFormatsTests.richDigest(final: false)
        some.diplomatic = []
        try expectSameBytes(some, chunkSize: 2, "one list empty among full ones")
    }
}
