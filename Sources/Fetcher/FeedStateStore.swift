import Durable
import Foundation

/// Keeps each feed's ``FeedState`` in `state/feeds/<name>.json`, replaced atomically.
///
/// A kill at any instant leaves either the old state or the new one, never a torn file, and the
/// new state is written only after the items it records as seen are durable in the inbox.
public struct FeedStateStore: Sendable {
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
            return try Self.decoder.decode(FeedState.self, from: Data(bytes))
        } catch {
            throw FileError(code: .invalid, operation: "decode", path: folder.pathOf(feed + ".json"),
                            message: "the feed state is not valid: \(error)")
        }
    }

    public func save(_ state: FeedState, for feed: String) throws(FileError) {
        let folder = try Directory(path: directory, create: true)
        let data: Data
        do {
            data = try Self.encoder.encode(state)
        } catch {
            throw FileError(code: .invalid, operation: "encode", path: folder.pathOf(feed + ".json"),
                            message: "cannot encode the feed state: \(error)")
        }
        try DurableFile.replace(feed + ".json", in: folder, with: Array(data))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
