import Feed
import Foundation
import JSONText

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

    /// The JSON written to the inbox: by hand (``JSONWriter``), to the bytes `JSONEncoder` with
    /// sorted keys and ISO 8601 dates would give (``encoder``, which the tests hold it to).
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("feedTitle", feedTitle)
        writer.member("firstSeen", firstSeen)
        writer.key("item")
        item.write(to: &writer)
        writer.key("provenance")
        writer.beginObject()
        writer.member("bodySHA256", provenance.bodySHA256)
        writer.member("effectiveURL", provenance.effectiveURL)
        writer.member("fetchedAt", provenance.fetchedAt)
        writer.member("format", provenance.format)
        writer.member("parser", provenance.parser)
        writer.member("requestedURL", provenance.requestedURL)
        writer.member("status", provenance.status)
        writer.endObject()
        writer.member("revision", revision)
        writer.member("version", version)
        writer.endObject()
        return writer.bytes
    }

    /// Reads an envelope by hand (``JSONCursor``), or with `JSONDecoder` when the cursor is not
    /// sure of something in it, so that the two never disagree.
    public static func decode(_ bytes: [UInt8]) throws -> InboxEnvelope {
        var cursor = JSONCursor(bytes)
        if let envelope = try? cursor.envelope(), (try? cursor.end()) != nil { return envelope }
        return try decoder.decode(InboxEnvelope.self, from: Data(bytes))
    }

    /// The encoder whose bytes ``encoded()`` reproduces.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// The decoder whose results ``decode(_:)`` gives.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

extension JSONCursor {
    /// The envelope at the cursor, with the fields the synthesised `Decodable` requires.
    fileprivate mutating func envelope() throws -> InboxEnvelope {
        var version: Int?, feedTitle: String?, firstSeen: Date?, item: FeedItem?
        var provenance: InboxEnvelope.Provenance?, revision: Int?
        try object { cursor, key in
            switch key {
            case "version": version = try cursor.int()
            case "feedTitle": feedTitle = try cursor.string()
            case "firstSeen": firstSeen = try cursor.date()
            case "item": item = try cursor.feedItem()
            case "provenance": provenance = try cursor.provenance()
            case "revision": revision = try cursor.null() ? nil : try cursor.int()
            default: try cursor.skipValue()
            }
        }
        guard let version, let feedTitle, let firstSeen, let item, let provenance else { throw Mismatch() }
        return InboxEnvelope(
            version: version, feedTitle: feedTitle, firstSeen: firstSeen, item: item, provenance: provenance,
            revision: revision)
    }

    private mutating func provenance() throws -> InboxEnvelope.Provenance {
        var requestedURL: String?, effectiveURL: String?, status: Int?, fetchedAt: Date?
        var bodySHA256: String?, format: String?, parser: String?
        try object { cursor, key in
            switch key {
            case "requestedURL": requestedURL = try cursor.string()
            case "effectiveURL": effectiveURL = try cursor.string()
            case "status": status = try cursor.int()
            case "fetchedAt": fetchedAt = try cursor.date()
            case "bodySHA256": bodySHA256 = try cursor.string()
            case "format": format = try cursor.string()
            case "parser": parser = try cursor.string()
            default: try cursor.skipValue()
            }
        }
        guard let requestedURL, let effectiveURL, let status, let fetchedAt, let bodySHA256, let format, let parser
        else { throw Mismatch() }
        return InboxEnvelope.Provenance(
            requestedURL: requestedURL, effectiveURL: effectiveURL, status: status, fetchedAt: fetchedAt,
            bodySHA256: bodySHA256, format: format, parser: parser)
    }
}
