import Durable
import Foundation
import Testing
import TestSupport

@Suite("Durable files")
struct DurableFileTests {
    let root: String

    init() throws {
        root = ScratchFolder.path("durable-tests")
        try Directory.makePath(root)
    }

    @Test("replace writes the whole content and leaves no temporary file behind")
    func replaceWritesAtomically() throws {
        let folder = try Directory(path: root)
        try DurableFile.replace("state.json", in: folder, with: Array("first".utf8))
        try DurableFile.replace("state.json", in: folder, with: Array("second".utf8))
        #expect(String(decoding: try folder.read("state.json"), as: UTF8.self) == "second")
        #expect(try folder.entries() == ["state.json"])
    }

    @Test("a file written in pieces replaces the old one whole; a failure midway leaves the old one and no temporary")
    func replaceProducingPieces() throws {
        struct Stop: Error {}
        let folder = try Directory(path: root)
        try DurableFile.replace("day.json", in: folder, with: Array("old".utf8))
        try DurableFile.replace("day.json", in: folder) { write in
            for piece in ["first ", "second ", "third"] { try Array(piece.utf8).withUnsafeBytes(write) }
        }
        #expect(String(decoding: try folder.read("day.json"), as: UTF8.self) == "first second third")
        #expect(throws: Stop.self) {
            try DurableFile.replace("day.json", in: folder) { write in
                try Array("partial".utf8).withUnsafeBytes(write)
                throw Stop()
            }
        }
        #expect(String(decoding: try folder.read("day.json"), as: UTF8.self) == "first second third")
        #expect(try folder.entries() == ["day.json"], "the staged file is gone")
    }

    @Test("stageAll writes every payload to its own hidden file; a failure leaves none of the batch")
    func stageAllIsAllOrNothing() throws {
        let folder = try Directory(path: root)
        let names = try DurableFile.stageAll([("a", Array("one".utf8)), ("b", Array("two".utf8))], in: folder)
        #expect(names.count == 2 && Set(names).count == 2 && names.allSatisfy { $0.hasPrefix(".") })
        #expect(try names.map { String(decoding: try folder.read($0), as: UTF8.self) } == ["one", "two"])
        for name in names { try folder.remove(name) }

        // The third file cannot be created (its hint names a folder that does not exist).
        #expect(throws: FileError.self) {
            try DurableFile.stageAll(
                [("c", Array("three".utf8)), ("d", Array("four".utf8)), ("missing/e", Array("five".utf8))], in: folder)
        }
        #expect(try folder.entries().isEmpty, "the files written before the failure are gone too")
    }

    @Test("create keeps the first content and reports an existing name")
    func createIsFirstWriterWins() throws {
        let folder = try Directory(path: root)
        #expect(try DurableFile.create("r.json", in: folder, with: Array("one".utf8)))
        #expect(try DurableFile.create("r.json", in: folder, with: Array("two".utf8)) == false)
        #expect(String(decoding: try folder.read("r.json"), as: UTF8.self) == "one")
    }

    @Test("moveNoReplace refuses to overwrite and says so")
    func moveNoReplaceRefusesExisting() throws {
        let folder = try Directory(path: root)
        try DurableFile.replace("a", in: folder, with: [1])
        try DurableFile.replace("b", in: folder, with: [2])
        let error = #expect(throws: FileError.self) { try folder.moveNoReplace("a", to: folder, as: "b") }
        #expect(error?.code == .alreadyExists)
        #expect(try folder.read("b") == [2])
    }

    @Test("errors name the operation and the path")
    func errorsNamePath() throws {
        let error = #expect(throws: FileError.self) { try Directory(path: root + "/missing") }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains(root + "/missing") == true)
        #expect(error?.description.hasPrefix("open ") == true)
    }

    @Test("stale temporaries are removed, fresh ones kept")
    func staleTemporariesRemoved() throws {
        let folder = try Directory(path: root)
        let name = try DurableFile.stage([1, 2, 3], in: folder)
        DurableFile.removeStaleTemporaries(in: folder, olderThan: 3600, now: Date().timeIntervalSince1970)
        #expect(folder.contains(name))
        DurableFile.removeStaleTemporaries(in: folder, olderThan: 3600, now: Date().timeIntervalSince1970 + 7200)
        #expect(!folder.contains(name))
    }

    @Test("a staged file whose writer, a process of this host, boot and PID namespace, is gone is removed at once; others wait their hour")
    func deadWritersTemporaries() throws {
        let folder = try Directory(path: root)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        // .<hint>.<space>-<pid>.<random>.tmp, as staged by this process.
        let own = DurableFile.temporaryName(hint: "own")
        let parts = own.split(separator: ".")
        let writer = try #require(parts.dropLast(2).last?.split(separator: "-"))
        try #require(writer.count == 2 && writer[1] == "\(getpid())", "\(own)")
        let space = String(writer[0])
        let names = [
            own,
            ".gone.\(space)-\(dead).7.tmp",  // this space, its process has exited
            ".other.ffffffffx1-\(dead).7.tmp",  // another host, boot or namespace: only the age rule
            ".old.\(dead).7.tmp",  // an earlier release's name
        ]
        for name in names { _ = try DurableFile.create(name, in: folder, with: [1]) }
        DurableFile.removeStaleTemporaries(in: folder, olderThan: 3600, now: Date().timeIntervalSince1970)
        let left = Set(try folder.entries())
        #expect(left == Set(names).subtracting([".gone.\(space)-\(dead).7.tmp"]))
    }

    @Test("hidden names are listed by entries but not by names")
    func namesHideHidden() throws {
        let folder = try Directory(path: root)
        _ = try DurableFile.stage([1], in: folder)
        try DurableFile.replace("visible", in: folder, with: [1])
        #expect(try folder.names() == ["visible"])
        #expect(try folder.entries().count == 2)
    }
}
