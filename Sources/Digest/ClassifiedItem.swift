import Classifier
import Feed
import Foundation
import JSONText

/// One item after classification: what a worker stores under the item id, and what a digest
/// is built from.
///
/// A digest is a pure function of these records (plus the feed list), which is what lets
/// `brinkwatch digest --date D` rebuild any day byte for byte.
public struct ClassifiedItem: Codable, Sendable, Equatable {
    /// The record layout; bumped when a field changes meaning.
    public var version: Int
    public var item: FeedItem
    /// The feed's human title at the time of fetching.
    public var feedTitle: String
    /// When the daemon first saw the item.
    public var firstSeen: Date
    /// The digest day (`YYYY-MM-DD` in the digest's time zone) the item belongs to.
    public var day: String
    public var classification: Classification
    /// Which version of the item this is: nil for the first, 2 and up for updates (the feed
    /// changed its title, summary or link under the same id). A digest shows the latest.
    public var revision: Int?
    /// For an update that came after the digest of its item's first telling was final: the day
    /// of that digest. The update then joins a later day, where it is shown as a follow-up of
    /// that day rather than as news.
    public var firstReported: String?

    public init(
        item: FeedItem, feedTitle: String, firstSeen: Date, day: String, classification: Classification,
        revision: Int? = nil, firstReported: String? = nil
    ) {
        self.version = 1
        self.revision = revision
        self.firstReported = firstReported
        self.item = item
        self.feedTitle = feedTitle
        self.firstSeen = firstSeen
        self.day = day
        self.classification = classification
    }

    /// The time the item is placed at: the feed's date when it has one, else when first seen.
    public var time: Date { item.published ?? firstSeen }

    /// Whether the time comes from the feed or from the daemon's first sight of the item.
    public var timeSource: DateSource { item.published == nil ? .firstSeen : .feed }

    // MARK: - Stored form

    /// The JSON stored in the classified folder: sorted keys and ISO 8601 dates, so the same
    /// record always has the same bytes; written by hand (``JSONWriter``) to the bytes
    /// `JSONEncoder` would give (``encoder``, which the tests hold it to).
    public func encoded() throws -> Data {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("classification")
        try classification.write(to: &writer)
        writer.member("day", day)
        writer.member("feedTitle", feedTitle)
        writer.member("firstReported", firstReported)
        writer.member("firstSeen", firstSeen)
        writer.key("item")
        item.write(to: &writer)
        writer.member("revision", revision)
        writer.member("version", version)
        writer.endObject()
        return Data(writer.bytes)
    }

    public static func decode(_ data: Data) throws -> ClassifiedItem {
        try decoder.decode(ClassifiedItem.self, from: data)
    }

    /// The encoder whose bytes ``encoded()`` reproduces.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Decodes a stored record with only what a digest shows of its classification
    /// (``Classification/digestViewKey``).
    public static func decodeForDigest(_ data: Data) throws -> ClassifiedItem {
        try decodeForDigest(Array(data))
    }

    /// The same, from the bytes as read; most records take the fast path
    /// (``fastDigestView(_:)``), the others `JSONDecoder`.
    public static func decodeForDigest(_ bytes: [UInt8]) throws -> ClassifiedItem {
        var item = try fastDigestView(bytes) ?? digestDecoder.decode(ClassifiedItem.self, from: Data(bytes))
        item.keepOnlyWhatDigestsUse()
        return item
    }

    /// Drops the feed item's fields that no digest shows or compares: a rebuild holds a whole
    /// day of records, and these strings were about a tenth of its memory. The summary stays
    /// only for an item without a title, whose headline it stands in for.
    mutating func keepOnlyWhatDigestsUse() {
        item.guid = nil
        item.categories = []
        item.author = nil
        item.language = nil
        item.updated = nil
        item.dateNote = nil
        if item.title != nil { item.summary = nil }
    }

    static let digestDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.userInfo[Classification.digestViewKey] = true
        return decoder
    }()
}
