/// Everything extracted from one feed document.
public struct FeedDocument: Sendable {
    public var format: FeedFormat
    /// The channel's or feed's own title, as plain text.
    public var title: String?
    /// The site link of the channel or feed, absolute.
    public var link: String?
    /// The channel language (`language`, `dc:language`, `xml:lang` on the root), as written by the feed.
    public var language: String?
    /// RSS `<ttl>`: how many minutes the publisher asks readers to cache the feed.
    public var ttlMinutes: Int?
    /// Items in document order. Ids are unique within the document.
    public var items: [FeedItem]
    /// Problems met while parsing, first ones only (see ``FeedParser/Limits/maxErrors``). A non-empty list does not
    /// mean `items` is empty: like feedparser's "bozo" documents, whatever parsed before a break is kept.
    public var errors: [FeedParseError]
    /// The character encoding the bytes were read as (`UTF-8`, `windows-1252`, `CP949`, ...); nil for an empty
    /// document.
    public var encoding: String?
    /// Why that encoding was chosen.
    public var encodingRule: EncodingRule?

    public init(
        format: FeedFormat = .unknown, title: String? = nil, link: String? = nil, language: String? = nil,
        ttlMinutes: Int? = nil, items: [FeedItem] = [], errors: [FeedParseError] = [], encoding: String? = nil,
        encodingRule: EncodingRule? = nil
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.language = language
        self.ttlMinutes = ttlMinutes
        self.items = items
        self.errors = errors
        self.encoding = encoding
        self.encodingRule = encodingRule
    }
}
