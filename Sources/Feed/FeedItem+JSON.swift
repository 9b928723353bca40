#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText

extension FeedItem {
    /// Writes the item as its synthesised `Encodable` would under `JSONEncoder` with sorted keys
    /// and ISO 8601 dates (see ``JSONWriter``): the inbox envelopes and classified records hold it.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("author", author)
        writer.member("categories", strings: categories)
        writer.member("dateNote", dateNote)
        writer.member("feed", feed)
        writer.member("guid", guid)
        writer.member("id", id)
        writer.member("idRule", idRule.rawValue)
        writer.member("language", language)
        writer.member("link", link)
        writer.member("published", published)
        writer.member("summary", summary)
        writer.member("title", title)
        writer.member("updated", updated)
        writer.endObject()
    }
}

extension JSONCursor {
    /// The feed item at the cursor, with the fields the synthesised `Decodable` requires;
    /// throws ``JSONCursor/Mismatch`` otherwise (the caller then falls back to `JSONDecoder`).
    public mutating func feedItem() throws -> FeedItem {
        var id: String?, feed: String?, idRule: ItemIDRule?, categories: [String]?
        var guid: String?, title: String?, link: String?, published: Date?, updated: Date?
        var dateNote: String?, summary: String?, author: String?, language: String?
        try object { cursor, key in
            switch key {
            case "id": id = try cursor.string()
            case "feed": feed = try cursor.string()
            case "idRule": idRule = try cursor.enumValue(ItemIDRule.self)
            case "categories": categories = try cursor.array { try $0.string() }
            case "guid": guid = try cursor.optionalString()
            case "title": title = try cursor.optionalString()
            case "link": link = try cursor.optionalString()
            case "published": published = try cursor.null() ? nil : try cursor.date()
            case "updated": updated = try cursor.null() ? nil : try cursor.date()
            case "dateNote": dateNote = try cursor.optionalString()
            case "summary": summary = try cursor.optionalString()
            case "author": author = try cursor.optionalString()
            case "language": language = try cursor.optionalString()
            default: try cursor.skipValue()
            }
        }
        guard let id, let feed, let idRule, let categories else { throw Mismatch() }
        return FeedItem(
            id: id, feed: feed, idRule: idRule, guid: guid, title: title, link: link, published: published,
            updated: updated, dateNote: dateNote, summary: summary, author: author, categories: categories,
            language: language)
    }
}
