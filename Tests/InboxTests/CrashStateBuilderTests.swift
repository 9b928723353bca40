import Durable
import Testing

/// The rules of ``CrashStateBuilder`` on small hand-written records, so that the crash-state
/// test checks the protocol against the rules meant, not against a model that allows too little.
@Suite("Crash states: what the fsync rules let a power cut leave")
struct CrashStateBuilderTests {
    let data = Array("data".utf8)
    /// Folders `tmp` and `new` under the root `/r`, both durable.
    let folders: [FileChange] = [.madeFolder(path: "/r/tmp"), .madeFolder(path: "/r/new"), .syncedFolder(path: "/r")]

    func states(_ changes: [FileChange]) -> Set<DiskState> {
        var builder = CrashStateBuilder(root: "/r")
        for change in folders + changes { builder.apply(change) }
        return builder.crashStates()
    }

    /// `count` files written and fsynced in `tmp/`, whose names are durable.
    func staged(_ count: Int) -> [FileChange] {
        (0..<count).flatMap { index -> [FileChange] in
            [.created(folder: "/r/tmp", name: ".\(index)", bytes: data), .synced(folder: "/r/tmp", name: ".\(index)")]
        } + [.syncedFolder(path: "/r/tmp")]
    }

    func moved(_ count: Int) -> [FileChange] {
        (0..<count).map {
            .renamed(folder: "/r/tmp", name: ".\($0)", target: "/r/new", newName: "\($0)", replacing: false)
        }
    }

    @Test("a rename not yet synced leaves the file at its old name or its new one, never both, never neither")
    func renameIsAtomic() {
        let all: Set<String> = ["", "tmp", "new"]
        #expect(states(staged(1) + moved(1)) == [
            DiskState(folders: all, files: ["tmp/.0": data]), DiskState(folders: all, files: ["new/0": data]),
        ])
        #expect(states(staged(1) + moved(1) + [.syncedFolder(path: "/r/new")]).map(\.files) == [["new/0": data]])
    }

    @Test("syncing the source folder of a rename does not make it durable; syncing the target does")
    func renameNeedsItsTarget() {
        #expect(states(staged(1) + moved(1) + [.syncedFolder(path: "/r/tmp")]).count == 2)
    }

    @Test("a file's data is durable only once the file is fsynced: before, it may come back empty")
    func dataNeedsFileSync() {
        let changes: [FileChange] = [
            .created(folder: "/r/tmp", name: ".0", bytes: data),
            .renamed(folder: "/r/tmp", name: ".0", target: "/r/new", newName: "0", replacing: false),
            .syncedFolder(path: "/r/new"),
        ]
        #expect(Set(states(changes).map(\.files)) == [["new/0": data], ["new/0": []]])
    }

    @Test("a new file not yet synced in its folder may be missing, empty or whole")
    func creationNeedsFolderSync() {
        let changes: [FileChange] = [.created(folder: "/r/tmp", name: ".0", bytes: data)]
        #expect(Set(states(changes).map(\.files)) == [[:], ["tmp/.0": []], ["tmp/.0": data]])
    }

    @Test("a folder's own name is durable only once its parent is synced; without it, its files are gone too")
    func folderNeedsParentSync() {
        let changes: [FileChange] = [
            .madeFolder(path: "/r/new/day"), .created(folder: "/r/new/day", name: "x", bytes: data),
            .synced(folder: "/r/new/day", name: "x"), .syncedFolder(path: "/r/new/day"),
        ]
        #expect(Set(states(changes).map(\.files)) == [[:], ["new/day/x": data]])
    }

    @Test("pending changes are lost independently; past the limit: all, none, and each one missing")
    func enumerationLimit() {
        #expect(states(staged(3) + moved(3)).count == 8)
        let many = CrashStateBuilder.exhaustiveChanges + 2
        #expect(states(staged(many) + moved(many)).count == 2 + many)
    }
}
