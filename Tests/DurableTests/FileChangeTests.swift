import Durable
import Foundation
import Synchronization
import Testing
import TestSupport

/// Keeps the changes reported to it, in order.
final class ChangeList: FileChangeRecorder {
    private let changes = Mutex<[FileChange]>([])
    var recorded: [FileChange] { changes.withLock { $0 } }
    func record(_ change: FileChange) { changes.withLock { $0.append(change) } }
}

@Suite("File changes reported for crash-state tests")
struct FileChangeTests {
    let root: String

    init() throws {
        root = ScratchFolder.path("file-changes")
        try Directory.makePath(root)
    }

    @Test("a durable create reports write, file fsync, rename and folder fsync, in that order")
    func createReportsEachStep() throws {
        let folder = try Directory(path: root)
        let list = ChangeList()
        try FileChange.$recorder.withValue(list) {
            _ = try DurableFile.create("r.json", in: folder, with: [7])
        }
        let changes = list.recorded
        try #require(changes.count == 4)
        guard case .created(root, let temporary, [7]) = changes[0] else {
            Issue.record("first change: \(changes[0])")
            return
        }
        #expect(Array(changes[1...]) == [
            .synced(folder: root, name: temporary),
            .renamed(folder: root, name: temporary, target: root, newName: "r.json", replacing: false),
            .syncedFolder(path: root),
        ])
    }

    @Test("a batch of files is written whole before any is fsynced; each is fsynced, in order")
    func batchWritesAllThenSyncsEach() throws {
        let folder = try Directory(path: root)
        let list = ChangeList()
        let names = try FileChange.$recorder.withValue(list) {
            try DurableFile.stageAll([("a", [1]), ("b", [2]), ("c", [3])], in: folder)
        }
        let changes = list.recorded
        try #require(changes.count == 6)
        for (index, name) in names.enumerated() {
            #expect(changes[index] == .created(folder: root, name: name, bytes: [UInt8(index + 1)]))
            #expect(changes[3 + index] == .synced(folder: root, name: name))
            #expect(FileManager.default.contents(atPath: root + "/" + name) == Data([UInt8(index + 1)]))
        }
    }

    @Test("each new folder is followed by an fsync of its parent; existing folders report nothing")
    func newFoldersSyncTheirParent() throws {
        let list = ChangeList()
        try FileChange.$recorder.withValue(list) {
            try Directory.makePath(root + "/a/b")
            try Directory.makePath(root + "/a/b")
        }
        #expect(list.recorded == [
            .madeFolder(path: root + "/a"), .syncedFolder(path: root),
            .madeFolder(path: root + "/a/b"), .syncedFolder(path: root + "/a"),
        ])
    }

    @Test("only the task that installed a recorder reports to it; removing a missing file reports nothing")
    func recorderIsTaskLocal() async throws {
        let folder = try Directory(path: root)
        let list = ChangeList()
        try await FileChange.$recorder.withValue(list) {
            try await Task.detached { try DurableFile.replace("other", in: folder, with: [1]) }.value
            try folder.remove("absent")
            try folder.remove("other")
        }
        #expect(list.recorded == [.removed(folder: root, name: "other")])
    }
}
