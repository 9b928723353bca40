import Feed
import Foundation

/// What the fetcher puts in the inbox for each new item: the item and where it came from.
///
/// The provenance lets any digest line be traced back to the fetch that produced it.
public struct InboxEnvelope: Codable, Sendable, Equatable {
    public struct Provenance: Codable, Sendable, Equatable {
        /// The URL requested and the one that finally answered (after redirects).
        public var requestedURL: String
        public var effectiveURL: String
        public var status: Int
        public var fetchedAt: Date
        /// SHA-256 of the body as received (after decompression).
        public var bodySHA256: String
        public var format: String
        public var parser: String
    }

    public var version: Int = 1
    public var feedTitle: String
    public var firstSeen: Date
    public var item: FeedItem
    public var provenance: Provenance
    /// Which version of the item this is: nil for the first delivery, 2 and up for updates
    /// (the same item id with a changed title, summary or link).
    public var revision: Int? = nil

    public func encoded() throws -> [UInt8] {
        Array(try Self.encoder.encode(self))
    }

    public static func decode(_ bytes: [UInt8]) throws -> InboxEnvelope {
        try decoder.decode(InboxEnvelope.self, from: Data(bytes))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
