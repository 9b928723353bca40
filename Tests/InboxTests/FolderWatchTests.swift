import Durable
import Foundation
@testable import Inbox
import Synchronization
import Testing
import TestSupport

/// The inotify watch that wakes idle workers when any process queues an item.
@Suite("Folder watch", .offPool)
struct FolderWatchTests {
    let root = ScratchFolder.path("folder-watch")

    /// Counts the calls of `wake`.
    final class Wakes: Sendable {
        private let count = Atomic(0)
        var value: Int { count.load(ordering: .acquiring) }
        func add() { count.add(1, ordering: .releasing) }
    }

    func folders() throws -> (watched: String, other: String) {
        let watched = root + "/new", other = root + "/tmp"
        for path in [watched, other] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        return (watched, other)
    }

    @Test("a name renamed or created in the folder wakes it; one written in another folder does not")
    func wakesOnArrivals() async throws {
        let (watched, other) = try folders()
        let wakes = Wakes()
        let watch = try FolderWatch(path: watched, wake: { wakes.add() })
        watch.start()
        defer { watch.stop() }
        try Data("x".utf8).write(to: URL(fileURLWithPath: other + "/staged"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(wakes.value == 0, "a file staged in another folder is no news")
        #expect(rename(other + "/staged", watched + "/item") == 0)
        #expect(await OffPool.waitUntil(timeout: 10) { wakes.value >= 1 }, "a rename into the folder wakes")
        let afterRename = wakes.value
        #expect(FileManager.default.createFile(atPath: watched + "/linked", contents: Data("y".utf8)))
        #expect(await OffPool.waitUntil(timeout: 10) { wakes.value > afterRename }, "a new name in the folder wakes")
    }

    @Test("after stop, nothing wakes it")
    func stopEndsIt() async throws {
        let (watched, _) = try folders()
        let wakes = Wakes()
        let watch = try FolderWatch(path: watched, wake: { wakes.add() })
        watch.start()
        watch.stop()
        try await Task.sleep(for: .milliseconds(200))
        let before = wakes.value
        #expect(FileManager.default.createFile(atPath: watched + "/late", contents: Data()))
        try await Task.sleep(for: .milliseconds(500))
        #expect(wakes.value == before, "no wake after stop (\(before) before the file, \(wakes.value) after)")
    }

    @Test("the folder deleted under the watch: one last wake, so the workers look, and no crash")
    func folderGone() async throws {
        let (watched, _) = try folders()
        let wakes = Wakes()
        let watch = try FolderWatch(path: watched, wake: { wakes.add() })
        watch.start()
        defer { watch.stop() }
        try FileManager.default.removeItem(atPath: watched)
        #expect(await OffPool.waitUntil(timeout: 10) { wakes.value >= 1 })
    }

    @Test("a folder that is not there is a clear error naming it")
    func missingFolder() throws {
        let error = #expect(throws: FileError.self) { try FolderWatch(path: root + "/absent", wake: {}) }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains("inotify_add_watch \(root)/absent") == true, "\(String(describing: error))")
    }

    @Test("the inbox's watch is on its ready folder: an item enqueued through another inbox object wakes it")
    func inboxWatch() async throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let wakes = Wakes()
        let watch = try inbox.watchReady(wake: { wakes.add() })
        watch.start()
        defer { watch.stop() }
        #expect(watch.path == root + "/inbox/new")
        // Another process's enqueue: a second object on the same folders.
        let other = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        _ = try other.enqueue([InboxItem(id: "0123456789abcdef0123456789abcdef", payload: Array("{}".utf8))])
        #expect(await OffPool.waitUntil(timeout: 10) { wakes.value >= 1 })
    }
}
