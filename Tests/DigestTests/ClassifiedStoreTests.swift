import Digest
import Durable
import Foundation
import Testing
import TestSupport

@Suite("Classified store")
struct ClassifiedStoreTests {
    let root = ScratchFolder.path("classified")

    private func store(_ records: [(name: String, item: ClassifiedItem)], day: String) throws -> ClassifiedStore {
        let folder = try Directory(path: root + "/" + day, create: true)
        for record in records {
            try DurableFile.create(record.name, in: folder, with: Array(try record.item.encoded()))
        }
        return ClassifiedStore(directory: root)
    }

    @Test("of an item stored in several revisions, a day shows only the latest, whatever the file order")
    func latestRevision() throws {
        var first = DigestFixtures.item("abc", title: "Missile launched")
        var second = first
        second.item.title = "ICBM launched, Japan says"
        second.revision = 2
        var third = first
        third.item.title = "ICBM launched; splashed down in Japan's zone"
        third.revision = 3
        let other = DigestFixtures.item("def", title: "Envoys meet")
        first.revision = nil
        // "abc-r3" sorts before "abc.json": the store must compare revisions, not rely on names.
        let store = try store([
            ("abc.json", first), ("abc-r3.json", third), ("abc-r2.json", second), ("def.json", other),
        ], day: first.day)
        let items = store.items(day: first.day).items
        #expect(items.map(\.item.id).sorted() == ["abc", "def"])
        #expect(items.first { $0.item.id == "abc" }?.item.title == "ICBM launched; splashed down in Japan's zone")
        #expect(items.first { $0.item.id == "abc" }?.revision == 3)
    }

    @Test("an edit naming an earlier day of first telling is news on a day that also holds that telling")
    func editFiledWithItsFirstTelling() throws {
        var first = DigestFixtures.item("abc", title: "Missile launched")
        var edit = first
        edit.item.title = "ICBM launched, Japan says"
        edit.revision = 2
        edit.firstReported = "2026-01-01"
        var lone = DigestFixtures.item("def", title: "Envoys meet")
        lone.revision = 2
        lone.firstReported = "2026-01-01"
        first.revision = nil
        // Both tellings of "abc" waited in the queue until their own day was final.
        let store = try store([("abc.json", first), ("abc-r2.json", edit), ("def-r2.json", lone)], day: first.day)
        let items = store.items(day: first.day).items
        #expect(items.first { $0.item.id == "abc" }?.revision == 2)
        #expect(items.first { $0.item.id == "abc" }?.firstReported == nil, "told here first: news")
        #expect(items.first { $0.item.id == "def" }?.firstReported == "2026-01-01", "an edit alone stays a follow-up")
    }

    @Test("a record without a revision reads back as the first one, and encodes without the key")
    func firstRevision() throws {
        let item = DigestFixtures.item("abc", title: "Missile launched")
        let json = String(decoding: try item.encoded(), as: UTF8.self)
        #expect(!json.contains("revision"), "existing records keep their bytes")
        #expect(try ClassifiedItem.decode(try item.encoded()).revision == nil)
    }

    @Test("a day larger than one decoding chunk comes back whole, in file order, with its bad records named", .offPool)
    func manyRecordsDecodedInChunks() throws {
        let count = 2_600  // more than one chunk of 2,048
        let sample = DigestFixtures.item("x", title: "Envoys meet")
        let folder = try Directory(path: root + "/" + sample.day, create: true)
        let names = (0..<count).map { String(format: "r%05d", $0) }
        let bad: Set<Int> = [5, 2_047, 2_048, 2_599]
        for (index, name) in names.enumerated() {
            let bytes = bad.contains(index)
                ? Array("{\"not\": \"a record\"}".utf8)
                : Array(try DigestFixtures.item(name, title: "Story \(index)").encoded())
            try Data(bytes).write(to: URL(fileURLWithPath: folder.pathOf(name + ".json")))
        }
        let (items, unreadable) = ClassifiedStore(directory: root).items(day: sample.day)
        #expect(items.map(\.item.id) == names.enumerated().filter { !bad.contains($0.offset) }.map(\.element))
        #expect(items.allSatisfy { $0.item.title == "Story \(Int($0.item.id.dropFirst())!)" })
        #expect(unreadable.map { ($0 as NSString).lastPathComponent }.sorted() == bad.sorted().map { names[$0] + ".json" })
    }

    @Test("record files and older one-record files read together; an item stored twice shows its first record; damage is named")
    func recordFiles() throws {
        let day = DigestFixtures.item("x", title: "").day
        let folder = try Directory(path: root + "/" + day, create: true)
        let item = { (id: String, title: String) in Array(try DigestFixtures.item(id, title: title).encoded()) }
        // An earlier release's file, then two batches; "b2" was finished twice after a crash.
        try DurableFile.replace("a1.json", in: folder, with: try item("a1", "Envoys meet"))
        try DurableFile.replace("0000000000000001-00.records", in: folder, with: RecordFile.encode([
            ("b2", try item("b2", "Drill announced")), ("c3", try item("c3", "Talks resume")),
        ]))
        var damaged = RecordFile.encode([
            ("b2", try item("b2", "Drill announced, again")), ("d4", try item("d4", "Aid shipment")),
            ("e5", try item("e5", "Summit planned")),
        ])
        damaged.removeLast(5)
        try DurableFile.replace("0000000000000002-00.records", in: folder, with: damaged)

        let (items, unreadable) = ClassifiedStore(directory: root).items(day: day)
        #expect(items.map(\.item.id) == ["a1", "b2", "c3", "d4"])
        #expect(items.first { $0.item.id == "b2" }?.item.title == "Drill announced", "the first record counts")
        #expect(unreadable.count == 1 && unreadable[0].contains("0000000000000002-00.records"))
        try DurableFile.replace("0000000000000003-00-2.records", in: folder, with: RecordFile.encode([
            ("f6", try item("f6", "Envoy arrives")), ("g7", try item("g7", "Drill ends")),
        ]))
        #expect(ClassifiedFiles(directory: root).count(day: day) == 7,
            "one per older file, 2 from the name, 2 and 2 read from the files named without a count")
        #expect(try ClassifiedFiles(directory: root).remove(day: day) == 7, "every readable record is counted")
        #expect(!FileManager.default.fileExists(atPath: root + "/" + day))
    }
}
