import Feed
import Foundation

/// What the fetcher puts in the inbox for each new item: the item and where it came from.
///
/// The provenance lets any digest line be traced back to the fetch that produced it.
struct InboxEnvelope: Codable, Sendable, Equatable {
    struct Provenance: Codable, Sendable, Equatable {
        /// The URL requested and the one that finally answered (after redirects).
        var requestedURL: String
        var effectiveURL: String
        var status: Int
        var fetchedAt: Date
        /// SHA-256 of the body as received (after decompression).
        var bodySHA256: String
        var format: String
        var parser: String
    }

    var version: Int = 1
    var feedTitle: String
    var firstSeen: Date
    var item: FeedItem
    var provenance: Provenance

    func encoded() throws -> [UInt8] {
        Array(try Self.encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> InboxEnvelope {
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
