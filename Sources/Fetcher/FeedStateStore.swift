import Durable
import Foundation

/// Keeps each feed's ``FeedState`` in `state/feeds/<name>.json`, replaced atomically.
///
/// A kill at any instant leaves either the old state or the new one, never a torn file, and the
/// new state is written only after the items it records as seen are durable in the inbox.
public struct FeedStateStore: FeedStates {
    public let directory: String

    public init(directory: String) {
        self.directory = directory + "/feeds"
    }

    /// The saved state of `feed`, or nil when it has none yet.
    ///
    /// - Throws: ``FileError`` when a state file exists but cannot be read or decoded; the caller
    ///   logs it and starts the feed afresh (results are keyed by item id, so nothing is doubled).
    public func load(_ feed: String) throws(FileError) -> FeedState? {
        guard let folder = try? Directory(path: directory), folder.contains(feed + ".json") else { return nil }
        let bytes = try folder.read(feed + ".json")
        do {
            return try Self.decode(bytes)
        } catch {
            throw FileError(code: .invalid, operation: "decode", path: folder.pathOf(feed + ".json"),
                            message: "the feed state is not valid: \(error)")
        }
    }

    public func save(_ state: FeedState, for feed: String) throws(FileError) {
        let folder = try Directory(path: directory, create: true)
        let data: [UInt8]
        do {
            data = try Self.encode(state)
        } catch {
            throw FileError(code: .invalid, operation: "encode", path: folder.pathOf(feed + ".json"),
                            message: "cannot encode the feed state: \(error)")
        }
        try DurableFile.replace(feed + ".json", in: folder, with: data)
    }

    /// Saves several states with one sync of their data and one of the folder (see
    /// ``DurableFile/stageAll(_:in:)``); when that fails, each is saved on its own, so that one
    /// bad entry does not fail the others.
    public func saveAll(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>] {
        if entries.count > 1, (try? replaceAll(entries)) != nil {
            return entries.map { _ in .success(()) }
        }
        return saveEach(entries)
    }

    private func replaceAll(_ entries: [(feed: String, state: FeedState)]) throws {
        let folder = try Directory(path: directory, create: true)
        let payloads = try entries.map { (hint: $0.feed + ".json", bytes: try Self.encode($0.state)) }
        let staged = try DurableFile.stageAll(payloads, in: folder)
        var placed = 0
        defer { for name in staged.dropFirst(placed) { try? folder.remove(name) } }
        for (entry, name) in zip(entries, staged) {
            try folder.moveReplacing(name, to: folder, as: entry.feed + ".json")
            placed += 1
        }
        try folder.sync()
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
