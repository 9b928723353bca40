import Durable
import Foundation

/// Keeps each feed's ``FeedState`` in `state/feeds/<name>.json`, and the items it remembers in
/// `state/feeds/<name>.seen` (see ``FeedState/seenFile()``), each replaced atomically.
///
/// A kill at any instant leaves either the old file or the new one, never a torn file, and a
/// state is written only after the items it records as seen are durable in the inbox. The
/// seen file is written only when its bytes change, and before the state file: a crash between
/// the two leaves items remembered with the old validators, so the next fetch gets the body
/// again and finds nothing new; the other order could leave new validators with the items
/// forgotten, and a 304 would hide that until the feed changed. A state file of an earlier
/// release holds its items itself; they are read from it until the first save moves them. A
/// state read without its items (``loadSummary(_:)``) is saved as its state file alone, when
/// ``FeedState/savableWithoutItems`` allows. A process fetches a feed only while it holds the
/// feed's lock (``lease(_:seconds:)``).
public struct FeedStateStore: FeedStates {
    public let directory: String
    /// The rights to fetch feeds (``lease(_:seconds:)``), one lock per feed in `feeds.lock`.
    let locks: NamedLocks

    public init(directory: String) {
        self.directory = directory + "/feeds"
        locks = NamedLocks(path: self.directory + "/feeds.lock")
    }

    /// Takes the lock of `feed` (``NamedLocks``), held until ``releaseLease(_:)`` or the end of
    /// the process, whatever `seconds` says: false while another process fetches the feed. A
    /// `brinkwatch fetch --once` beside the daemon thus leaves a feed the daemon is fetching:
    /// were both to save the feed's state, the last save would forget the ids the other had
    /// just delivered.
    public func lease(_ feed: String, seconds: Double) -> Bool {
        locks.tryLock(feed)
    }

    public func releaseLease(_ feed: String) {
        locks.unlock(feed)
    }

    /// The saved state of `feed`, or nil when it has none yet.
    ///
    /// - Throws: ``FileError`` when a state file exists but cannot be read or decoded, or its seen
    ///   file is missing although the state file says it remembers ids; the caller logs it and
    ///   starts the feed afresh, so the items it lists now are delivered again (see
    ///   ``DamagedFeedState``).
    public func load(_ feed: String) throws(FileError) -> FeedState? {
        guard let (folder, state) = try readStateFile(feed) else { return nil }
        var settled = state
        let seen = folder.contains(feed + ".seen") ? try folder.read(feed + ".seen") : nil
        if seen == nil, !state.remembersItems, let recorded = state.items.recordedIDs, recorded > 0 {
            // Deleted, or a backup restored without it: said, rather than taken for a new feed.
            throw FileError(code: .invalid, operation: "read", path: folder.pathOf(feed + ".seen"),
                            message: "missing, though the state file records \(recorded) remembered ids")
        }
        do {
            try settled.settle(seenFile: seen)
        } catch {
            throw FileError(code: .invalid, operation: "decode", path: folder.pathOf(feed + ".seen"), message: "\(error)")
        }
        return settled
    }

    /// The seen file of `feed` read on its own, for a state file that cannot be: it is written
    /// whole and before the state file, so what it holds is what the feed delivered.
    public func salvageItems(_ feed: String) -> FeedState? {
        guard let folder = try? Directory(path: directory), folder.contains(feed + ".seen"),
            let bytes = try? folder.read(feed + ".seen")
        else { return nil }
        return FeedState.salvaged(seenFile: bytes)
    }

    /// The state file alone: the seen file is not read.
    public func loadSummary(_ feed: String) throws(FileError) -> FeedState? {
        guard let (folder, state) = try readStateFile(feed) else { return nil }
        var summary = state.summary
        // A seen file newer than the state file was written by a save that stopped before the
        // state file (a crash between the two): the state's record of the week's sightings may
        // predate it, so the state is not to be saved without reading its items first.
        if let seen = folder.modificationTime(feed + ".seen"), let head = folder.modificationTime(feed + ".json"),
            seen > head
        {
            summary.forgetRecordedSightings()
        }
        return summary
    }

    /// The state file of `feed` as it stands, with the folder it is in; nil when there is none.
    private func readStateFile(_ feed: String) throws(FileError) -> (folder: Directory, state: FeedState)? {
        guard let folder = try? Directory(path: directory), folder.contains(feed + ".json") else { return nil }
        let bytes = try folder.read(feed + ".json")
        do {
            return (folder, try Self.decode(bytes))
        } catch {
            throw FileError(code: .invalid, operation: "decode", path: folder.pathOf(feed + ".json"),
                            message: "the feed state is not valid: \(error)")
        }
    }

    public func save(_ state: FeedState, for feed: String) throws(FileError) {
        let folder = try Directory(path: directory, create: true)
        let files = try Self.files(of: state, feed: feed, in: folder)
        if let seen = files.seen { try DurableFile.replace(feed + ".seen", in: folder, with: seen) }
        try DurableFile.replace(feed + ".json", in: folder, with: files.state)
    }

    /// Saves several states with one sync of their data and one of the folder (two when seen
    /// files change: theirs are placed first; see ``DurableFile/stageAll(_:in:)``); when that
    /// fails, each is saved on its own, so that one bad entry does not fail the others.
    public func saveAll(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>] {
        if entries.count > 1, (try? replaceAll(entries)) != nil {
            return entries.map { _ in .success(()) }
        }
        return saveEach(entries)
    }

    private func replaceAll(_ entries: [(feed: String, state: FeedState)]) throws {
        let folder = try Directory(path: directory, create: true)
        var seenFiles: [(name: String, bytes: [UInt8])] = []
        var stateFiles: [(name: String, bytes: [UInt8])] = []
        for entry in entries {
            let files = try Self.files(of: entry.state, feed: entry.feed, in: folder)
            if let seen = files.seen { seenFiles.append((entry.feed + ".seen", seen)) }
            stateFiles.append((entry.feed + ".json", files.state))
        }
        let staged = try DurableFile.stageAll((seenFiles + stateFiles).map { (hint: $0.name, bytes: $0.bytes) }, in: folder)
        var placed = 0
        defer { for name in staged.dropFirst(placed) { try? folder.remove(name) } }
        for (file, name) in zip(seenFiles + stateFiles, staged) {
            try folder.moveReplacing(name, to: folder, as: file.name)
            placed += 1
            if placed == seenFiles.count { try folder.sync() }
        }
        try folder.sync()
    }

    /// The bytes of a feed's state file, and of its seen file when that must be written: when
    /// the items may have changed (``FeedState/itemsChanged``) and their bytes differ from the
    /// file on disk (or there is none, and there are items to remember).
    private static func files(of state: FeedState, feed: String, in folder: Directory) throws(FileError)
        -> (state: [UInt8], seen: [UInt8]?)
    {
        // A state read without its items is saved as its head alone (its items unchanged, the
        // seen file stays as it is), and only when that is safe.
        guard !state.itemsOmitted || state.savableWithoutItems else {
            throw FileError(code: .invalid, operation: "save", path: folder.pathOf(feed + ".json"),
                            message: "a feed state read without its items, which its state file holds, cannot be saved")
        }
        let stateBytes: [UInt8]
        let seenBytes: [UInt8]
        do {
            stateBytes = try encode(state.withoutItems)
            guard state.itemsChanged else { return (stateBytes, nil) }
            seenBytes = try state.seenFile()
        } catch {
            throw FileError(code: .invalid, operation: "encode", path: folder.pathOf(feed + ".json"),
                            message: "cannot encode the feed state: \(error)")
        }
        if folder.contains(feed + ".seen") {
            if let stored = try? folder.read(feed + ".seen"), stored == seenBytes { return (stateBytes, nil) }
        } else if !state.remembersItems {
            return (stateBytes, nil)
        }
        return (stateBytes, seenBytes)
    }

    /// The stored form of a feed state (JSON), shared by every place that keeps one.
    public static func encode(_ state: FeedState) throws -> [UInt8] {
        try state.written()
    }

    /// Reads the stored form of a feed state.
    public static func decode(_ bytes: [UInt8]) throws -> FeedState {
        try FeedState.read(bytes) ?? decoder.decode(FeedState.self, from: Data(bytes))
    }

    /// The encoder whose bytes ``encode(_:)`` reproduces by hand.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// The decoder whose results ``decode(_:)`` gives, by hand or through it.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
