import Durable
import Foundation
import Testing

/// Files and folders on disk after a crash, by path relative to the recorded root.
struct DiskState: Hashable {
    var folders: Set<String> = []
    var files: [String: [UInt8]] = [:]
}

/// Builds every state a power cut may leave on disk after a prefix of recorded changes.
///
/// The rules, Linux's on a journalled file system, taken as pessimistically as they allow:
/// - a file's data is durable once the file is fsynced; before that it may come back empty or
///   complete (torn writes are not modelled: every file is written whole before any fsync), and
///   so may a file overwritten in place since its last fsync;
/// - a creation, rename, removal or new folder is durable once the folder it changes is fsynced
///   (for a rename, its target folder; fsyncing only the source does not count). Before that it
///   may or may not have happened, independently of the other changes, except that the changes
///   of one name keep their order (a file cannot be renamed before it was created) and a rename
///   is atomic: the file is at its old name or its new one, never both, never neither;
/// - a change that becomes durable takes the earlier changes of the same names with it, and an
///   entry whose folder did not survive is gone with it.
struct CrashStateBuilder {
    /// Up to this many changes still pending, every allowed combination of them is built; beyond
    /// it, only all applied, none applied, and all applied but one (with what depends on it).
    static let exhaustiveChanges = 10
    /// The same for files whose data is not durable: each may come back empty or complete.
    static let exhaustiveContents = 6

    private enum Operation {
        case link(String, inode: Int)
        case unlink(String)
        case move(from: String, to: String)
        case makeFolder(String)
    }

    private struct Change {
        var operation: Operation
        /// The folder whose fsync makes the change durable.
        var folder: String
        /// Earlier changes of the same names, which must have happened if this one did.
        var after: [Int]
        var durable = false
    }

    private let root: String
    private var changes: [Change] = []
    private var lastChange: [String: Int] = [:]
    /// The names as the running process saw them, to know which file a rename or fsync meant.
    private var live: [String: Int] = [:]
    private var contents: [Int: [UInt8]] = [:]
    private var durableData: Set<Int> = []

    init(root: String) { self.root = root }

    /// The path of `folder`/`name` relative to the root; nil outside it.
    private func relative(_ folder: String, _ name: String? = nil) -> String? {
        var path = folder
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        if path.hasSuffix("/") { path.removeLast() }
        if let name { path += "/" + name }
        if path == root { return "" }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    private mutating func append(_ operation: Operation, folder: String, names: [String]) {
        let index = changes.count
        changes.append(Change(operation: operation, folder: folder, after: names.compactMap { lastChange[$0] }))
        for name in names { lastChange[name] = index }
    }

    private mutating func makeDurable(_ index: Int) {
        guard !changes[index].durable else { return }
        changes[index].durable = true
        for earlier in changes[index].after { makeDurable(earlier) }
    }

    mutating func apply(_ change: FileChange) {
        switch change {
        case .created(let folder, let name, let bytes):
            guard let path = relative(folder, name) else { return }
            let inode = contents.count
            contents[inode] = bytes
            live[path] = inode
            append(.link(path, inode: inode), folder: CrashStateBuilder.parent(path), names: [path])
        case .rewritten(let folder, let name, let bytes):
            // The new content is as volatile as a new file's: empty or whole after a crash
            // (the old content is not modelled: the file is hidden while it is rewritten).
            guard let path = relative(folder, name), let inode = live[path] else {
                Issue.record("rewrote a file the record does not know: \(folder)/\(name)")
                return
            }
            contents[inode] = bytes
            durableData.remove(inode)
        case .synced(let folder, let name):
            guard let path = relative(folder, name), let inode = live[path] else { return }
            durableData.insert(inode)
        case .renamed(let folder, let name, let target, let newName, _):
            guard let from = relative(folder, name), let to = relative(target, newName) else { return }
            guard let inode = live.removeValue(forKey: from) else {
                Issue.record("renamed a file the record does not know: \(from)")
                return
            }
            live[to] = inode
            append(.move(from: from, to: to), folder: CrashStateBuilder.parent(to), names: [from, to])
        case .removed(let folder, let name):
            // A file that failed while being written is removed without having been reported.
            guard let path = relative(folder, name), live.removeValue(forKey: path) != nil else { return }
            append(.unlink(path), folder: CrashStateBuilder.parent(path), names: [path])
        case .madeFolder(let folder):
            guard let path = relative(folder), !path.isEmpty else { return }
            append(.makeFolder(path), folder: CrashStateBuilder.parent(path), names: [path])
        case .syncedFolder(let folder):
            guard let path = relative(folder) else { return }
            for index in changes.indices where !changes[index].durable && changes[index].folder == path {
                makeDurable(index)
            }
        }
    }

    /// Every state a crash right now may leave, without repeats.
    func crashStates() -> Set<DiskState> {
        let pending = changes.indices.filter { !changes[$0].durable }
        var states = Set<DiskState>()
        for applied in allowedSubsets(of: pending) {
            let (folders, files) = replay(applied)
            let volatile = Array(Set(files.values.filter { !durableData.contains($0) })).sorted()
            for emptied in emptiedChoices(of: volatile) {
                var state = DiskState(folders: folders)
                for (path, inode) in files { state.files[path] = emptied.contains(inode) ? [] : contents[inode] }
                states.insert(state)
            }
        }
        return states
    }

    private func allowedSubsets(of pending: [Int]) -> [Set<Int>] {
        guard pending.count > CrashStateBuilder.exhaustiveChanges else {
            return (0..<(1 << pending.count)).map { mask in
                Set(pending.indices.filter { mask & (1 << $0) != 0 }.map { pending[$0] })
            }.filter { applied in
                applied.allSatisfy { changes[$0].after.allSatisfy { changes[$0].durable || applied.contains($0) } }
            }
        }
        var subsets: [Set<Int>] = [Set(pending), []]
        for missing in pending {
            var left = Set([missing])
            for later in pending where later > missing && changes[later].after.contains(where: left.contains) {
                left.insert(later)
            }
            subsets.append(Set(pending).subtracting(left))
        }
        return subsets
    }

    private func emptiedChoices(of volatile: [Int]) -> [Set<Int>] {
        guard volatile.count > CrashStateBuilder.exhaustiveContents else {
            return (0..<(1 << volatile.count)).map { mask in
                Set(volatile.indices.filter { mask & (1 << $0) != 0 }.map { volatile[$0] })
            }
        }
        return [[], Set(volatile)] + volatile.map { [$0] }
    }

    /// The durable changes and `applied`, in their order; entries of a missing folder are dropped.
    private func replay(_ applied: Set<Int>) -> (folders: Set<String>, files: [String: Int]) {
        var folders: Set<String> = [""]
        var files: [String: Int] = [:]
        for (index, change) in changes.enumerated() where change.durable || applied.contains(index) {
            switch change.operation {
            case .link(let path, let inode): files[path] = inode
            case .unlink(let path): files[path] = nil
            case .move(let from, let to):
                if let inode = files.removeValue(forKey: from) { files[to] = inode }
            case .makeFolder(let path): folders.insert(path)
            }
        }
        func reachable(_ path: String) -> Bool {
            let parent = CrashStateBuilder.parent(path)
            return path.isEmpty || (folders.contains(parent) && reachable(parent))
        }
        return (folders.filter(reachable), files.filter { reachable($0.key) })
    }
}
