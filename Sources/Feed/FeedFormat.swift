/// The syndication format of a document, detected from its content (root element, or a leading `{` for JSON Feed),
/// never from the HTTP Content-Type, which servers get wrong too often to be trusted.
public enum FeedFormat: String, Sendable, Codable {
    case rss090, rss091, rss092, rss20
    /// RSS 1.0, an RDF document: items are siblings of `channel`, dates come from `dc:date`.
    case rss10
    case atom03, atom10
    case jsonFeed
    /// Nothing recognisable: the document is empty, not XML/JSON, or its root is not a feed element.
    case unknown
}
