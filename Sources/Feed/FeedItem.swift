#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One entry of a feed, normalised so the rest of brinkwatch never sees markup or feed-format differences.
public struct FeedItem: Sendable, Codable, Equatable {
    /// Stable identity within one feed: 32 lowercase hex characters, the first 128 bits of the SHA-256 of
    /// `"<feed>\n<rule>:<key>"` (see ``ItemIDRule``). Two items of one document never share an id.
    public var id: String
    /// The feed's name as given by the caller (its configuration key).
    public var feed: String
    public var idRule: ItemIDRule
    /// The RSS `guid`, Atom `id` or JSON Feed `id`, trimmed, as written by the feed.
    public var guid: String?
    /// Plain text: entities decoded, CDATA unwrapped, tags stripped, whitespace collapsed.
    public var title: String?
    /// Absolute (resolved against `xml:base` and the document URL), fragment kept, tracking parameters
    /// (`utm_*`, `fbclid`, ...) dropped.
    public var link: String?
    /// The date the feed claims for the item (falling back to its updated date); nil when it has none or it could not
    /// be read, in which case the caller fills in the first-seen time.
    public var published: Date?
    public var updated: Date?
    /// Why a date looks wrong, e.g. `unparseable date 'Foo 99'` or `date in the future`; nil when all is fine.
    public var dateNote: String?
    /// Plain text of the item's lead: `description` or `summary` in preference to `content:encoded`/`content` when
    /// both exist. Not truncated; callers cap it.
    public var summary: String?
    public var author: String?
    public var categories: [String]
    public var language: String?

    public init(
        id: String, feed: String, idRule: ItemIDRule, guid: String? = nil, title: String? = nil, link: String? = nil,
        published: Date? = nil, updated: Date? = nil, dateNote: String? = nil, summary: String? = nil,
        author: String? = nil, categories: [String] = [], language: String? = nil
    ) {
        self.id = id
        self.feed = feed
        self.idRule = idRule
        self.guid = guid
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.dateNote = dateNote
        self.summary = summary
        self.author = author
        self.categories = categories
        self.language = language
    }
}
