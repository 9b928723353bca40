/// One change that `Durable` made to the file system, reported to a ``FileChangeRecorder``.
///
/// Why this exists: crash-state testing. A test records the changes a workload makes, then
/// builds every state a power cut could leave on disk under Linux's durability rules (a file's
/// data survives only once the file is fsynced, a new, renamed or removed name only once its
/// folder is fsynced) and checks that the queue recovers from each of them. Every change
/// `Directory` and `DurableFile` make is reported here; code that needs durability must change
/// files through them, so that nothing escapes the record.
///
/// A change is reported after its system call succeeded; failed calls change nothing.
public enum FileChange: Sendable, Equatable {
    /// A new file `name` in `folder`, fully written with `bytes` but not fsynced yet.
    case created(folder: String, name: String, bytes: [UInt8])
    /// The existing file `name` in `folder` was overwritten from its start with `bytes` and cut
    /// to their length, not fsynced yet.
    case rewritten(folder: String, name: String, bytes: [UInt8])
    /// The data of the file `name` in `folder` was fsynced.
    case synced(folder: String, name: String)
    /// `name` in `folder` now is `newName` in `target`; `replacing` when an existing file at the
    /// target was allowed to be overwritten (otherwise the rename would have failed instead).
    case renamed(folder: String, name: String, target: String, newName: String, replacing: Bool)
    /// The file `name` in `folder` was unlinked.
    case removed(folder: String, name: String)
    /// A new folder at `path` (its name is durable only once its parent is fsynced).
    case madeFolder(path: String)
    /// The folder at `path` was fsynced: the names it holds now are durable.
    case syncedFolder(path: String)
}

/// Receives the ``FileChange``s made by the current task, in the order they happened.
///
/// Only crash-state tests install one, with `FileChange.$recorder.withValue(_:operation:)`.
public protocol FileChangeRecorder: Sendable {
    func record(_ change: FileChange)
}

extension FileChange {
    /// The recorder of the current task, or nil (always, outside tests).
    ///
    /// Task-local rather than global so that tests running in parallel record only their own
    /// changes; without a recorder, reporting costs one task-local lookup per change.
    @TaskLocal public static var recorder: (any FileChangeRecorder)? = nil

    /// Passes `change` to the current recorder; the change is not even built when there is none.
    @inline(__always)
    static func report(_ change: @autoclosure () -> FileChange) {
        if let recorder { recorder.record(change()) }
    }
}
