@testable import Durable
import Foundation
import Testing
import TestSupport

/// Named locks on one file: two holders (as two processes would be) exclude each other name by
/// name, and a holder that goes away leaves nothing locked.
@Suite("Named locks")
struct NamedLocksTests {
    let path = ScratchFolder.path("named-locks") + "/sub/locks"

    @Test("a name held by one holder is refused to another until given back; other names stay free")
    func exclusion() {
        let first = NamedLocks(path: path)
        let second = NamedLocks(path: path)
        #expect(first.tryLock("wire"))
        #expect(first.tryLock("wire"), "taking it again is no refusal")
        #expect(!second.tryLock("wire"))
        #expect(second.tryLock("radio"), "another name is another byte")
        #expect(!first.tryLock("radio"))
        first.unlock("wire")
        #expect(second.tryLock("wire"))
        #expect(FileManager.default.fileExists(atPath: path), "the file and its folder were made")
    }

    @Test("the locks of a holder that is gone are free")
    func goneHolder() {
        var holder: NamedLocks? = NamedLocks(path: path)
        #expect(holder?.tryLock("wire") == true)
        let other = NamedLocks(path: path)
        #expect(!other.tryLock("wire"))
        holder = nil
        #expect(other.tryLock("wire"), "closing the file let go of its locks, as a process's death does")
    }

    @Test("names map to offsets that differ and stay within a signed 64-bit range")
    func offsets() {
        let names = (0..<10_000).map { "feed-\($0)" }
        let offsets = Set(names.map(NamedLocks.offset(of:)))
        #expect(offsets.count == names.count)
        #expect(offsets.allSatisfy { $0 >= 0 })
    }
}

/// A lock file that work shared between processes runs under, one at a time.
@Suite("Folder locks")
struct FolderLockTests {
    @Test("work waits for another holder of the lock, and runs anyway, said, when that holder keeps it too long")
    func waitsThenGivesUp() throws {
        let root = ScratchFolder.path("folder-lock")
        let folder = try Directory(path: root, create: true)
        #expect(folder.withExclusiveLock(on: "work.lock") { 1 } == 1, "a free lock is taken at once")
        // Another open file description, as another process's would be.
        let other = open(root + "/work.lock", O_RDWR | O_CLOEXEC)
        try #require(other >= 0)
        defer { close(other) }
        try #require(flock(other, LOCK_EX) == 0)
        var saidSo = false
        let started = Date()
        let result = folder.withExclusiveLock(on: "work.lock", patience: 0.3, gaveUp: { saidSo = true }) { 2 }
        #expect(result == 2 && saidSo)
        #expect(Date().timeIntervalSince(started) >= 0.3, "it waited its patience first")
        flock(other, LOCK_UN)
        saidSo = false
        #expect(folder.withExclusiveLock(on: "work.lock", patience: 0.3, gaveUp: { saidSo = true }) { 3 } == 3 && !saidSo)
    }
}
