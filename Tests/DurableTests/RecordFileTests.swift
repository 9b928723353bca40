import Durable
import Foundation
import Testing
import TestSupport

@Suite("Record files")
struct RecordFileTests {
    @Test("records round-trip in order, whatever bytes they hold (newlines, spaces, nothing at all)")
    func roundTrip() {
        let records: [(id: String, bytes: [UInt8])] = [
            ("a1", Array("{\"title\":\"x\"}".utf8)),
            ("b-2-r3", Array("two\nlines and spaces \n".utf8)),
            ("empty", []),
            ("binary", [0, 255, 10, 32, 10]),
        ]
        let bytes = RecordFile.encode(records)
        let file = RecordFile.parse(bytes)
        #expect(!file.damaged)
        #expect(file.entries.map(\.id) == records.map(\.id))
        #expect(file.entries.map { Array(bytes[$0.range]) } == records.map(\.bytes))
        #expect(String(decoding: bytes.prefix(21), as: UTF8.self) == "brinkwatch records 1\n")
    }

    @Test("a file cut or scribbled anywhere keeps the records before the damage and says it is damaged")
    func damageKeepsWhatCameBefore() {
        let records = (0..<5).map { (id: "id\($0)", bytes: Array("record number \($0)".utf8)) }
        let bytes = RecordFile.encode(records)
        let whole = RecordFile.parse(bytes).entries
        for cut in 0..<bytes.count {
            let file = RecordFile.parse(Array(bytes.prefix(cut)))
            let complete = whole.filter { $0.range.upperBound + 1 <= cut }
            #expect(file.entries == complete, "cut at \(cut)")
            let atBoundary = complete.last.map { $0.range.upperBound + 1 == cut } ?? (cut == 21)
            #expect(file.damaged != atBoundary, "cut at \(cut): damaged \(file.damaged)")
        }
        var wrongLength = bytes
        let secondFrame = whole[1].range.lowerBound - 3  // the length digit of the second record
        wrongLength[secondFrame] = UInt8(ascii: "9")
        let file = RecordFile.parse(wrongLength)
        #expect(file.damaged && file.entries.map(\.id) == ["id0"])
        #expect(RecordFile.parse(Array("not a record file\n".utf8)).damaged)
        #expect(RecordFile.parse([]).damaged, "an empty file is not a record file")
    }

    @Test("fresh names sort by the time they were made, never repeat, and carry their record count")
    func freshNamesSortByTime() {
        let early = RecordFile.freshName(now: 1_700_000_000.25, count: 32)
        let late = RecordFile.freshName(now: 1_700_000_000.5, count: 7)
        #expect(early < late && early.hasSuffix(RecordFile.suffix))
        #expect(RecordFile.freshName(now: 9.0, count: 32) < early, "zero-padded, so that names compare as numbers")
        let many = Set((0..<1000).map { _ in RecordFile.freshName(now: 1_700_000_000, count: 1) })
        #expect(many.count == 1000)
        #expect(RecordFile.count(inName: early) == 32 && RecordFile.count(inName: late) == 7)
        #expect(RecordFile.count(inName: "0000000000000001-00.records") == nil, "a name without a count")
        #expect(RecordFile.count(inName: "a-b-x.records") == nil && RecordFile.count(inName: "a-b-3.json") == nil)
    }

    @Test("a folder lists one-record files first, then record files, each by name, hidden files not at all")
    func namesInReadingOrder() throws {
        let root = ScratchFolder.path("record-files")
        try Directory.makePath(root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try Directory(path: root)
        for name in ["b.json", "a.json", "2.records", "1.records", ".x.records.tmp", "notes.txt"] {
            try DurableFile.replace(name, in: folder, with: [1])
        }
        let (single, grouped) = try RecordFile.names(in: folder)
        #expect(single == ["a.json", "b.json"])
        #expect(grouped == ["1.records", "2.records"])
    }
}
