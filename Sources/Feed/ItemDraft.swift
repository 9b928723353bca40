#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The raw fields of one item as they are collected, before dates are read and identity is assigned.
///
/// Text fields are already plain text; links are already absolute. Several date fields are kept apart because
/// formats disagree on which one means "published".
struct ItemDraft {
    var guid: String?
    /// RSS `guid isPermaLink`; absent means true, and a permalink guid stands in for a missing link.
    var guidIsPermaLink = true
    /// The `xml:base` in effect at the guid, for using a permalink guid as the link.
    var guidBase: String?
    /// The guid is an Atom `id`, which must be an absolute IRI: a relative one is read against
    /// `xml:base` (as feedparser does) when it stands in for a missing link.
    var guidIsAtomID = false
    var title: String?
    /// `dc:title` or `media:title`, used when the item has no `title`.
    var fallbackTitle: String?
    var link: String?
    /// Set once a link was taken from text or an Atom alternate link, so later candidates do not replace it.
    var hasLink = false
    var pubDate: String?            // RSS pubDate, Atom published / 0.3 issued
    var dcDate: String?
    var created: String?
    var updated: String?            // Atom updated / 0.3 modified, dcterms:modified
    var description: String?        // RSS description, Atom summary
    var content: String?            // content:encoded, Atom content
    var author: String?
    var authorName: String?
    var authorEmail: String?
    var categories: [String] = []
    var language: String?

    /// The finished item with a provisional identity; ``ItemIdentity`` assigns the real one per document.
    func finish(feed: String, now: Date, fallbackLanguage: String?) -> FeedItem {
        let dates = ItemDates(published: pubDate ?? dcDate ?? created, updated: updated, now: now)
        return FeedItem(
            id: "", feed: feed, idRule: .guid, guid: guid, title: title ?? fallbackTitle,
            link: link ?? permalinkGuid,
            published: dates.published, updated: dates.updated, dateNote: dates.note,
            summary: description ?? content, author: authorText, categories: uniqueCategories,
            language: language ?? fallbackLanguage)
    }

    private var permalinkGuid: String? {
        guard guidIsPermaLink, let guid else { return nil }
        if let link = LinkResolver.resolveIdentifier(guid, against: guidBase) { return link }
        // Only a relative reference ("entries/42"); "tag:" and "urn:" ids name no page.
        guard guidIsAtomID, let guidBase, LinkResolver.hasHTTPScheme(guidBase.utf8),
            !LinkResolver.hasScheme(PlainText.trimmed(guid))
        else { return nil }
        return LinkResolver.resolve(guid, against: guidBase)
    }

    /// `jane@example.org (Jane Roe)`, the RSS convention, becomes `Jane Roe`; Atom names win over emails.
    private var authorText: String? {
        if let authorName { return authorName }
        guard let author else { return authorEmail }
        if author.hasSuffix(")"), let open = author.firstIndex(of: "("), author[..<open].contains("@") {
            let name = author[author.index(after: open)..<author.index(before: author.endIndex)]
            let trimmed = PlainText.trimmed(String(name))
            if !trimmed.isEmpty { return trimmed }
        }
        return author
    }

    /// The categories without repeats, in their order. A few an item is the rule, and comparing
    /// them one by one is cheaper than hashing them into a set (which was 4 % of all parsing);
    /// a long list gets the set, so that no item costs quadratic time.
    private var uniqueCategories: [String] {
        guard categories.count > 1 else { return categories }
        guard categories.count <= 16 else {
            var seen = Set<String>(minimumCapacity: categories.count)
            return categories.filter { seen.insert($0).inserted }
        }
        var unique: [String] = []
        unique.reserveCapacity(categories.count)
        for category in categories where !unique.contains(category) { unique.append(category) }
        return unique
    }
}

/// Reads an item's published and updated dates and explains anything suspicious in a note.
struct ItemDates {
    var published: Date?
    var updated: Date?
    var note: String?

    /// How far ahead of `now` a date may be before it is called a future date (clock skew, time-zone slips).
    static let futureTolerance: TimeInterval = 10 * 60

    init(published publishedText: String?, updated updatedText: String?, now: Date) {
        var notes: [String] = []
        func read(_ text: String?) -> Date? {
            guard let text else { return nil }
            if let date = FeedDate.parse(text) { return date }
            notes.append("unparseable date '\(Self.excerpt(text))'")
            return nil
        }
        published = read(publishedText)
        updated = read(updatedText)
        if publishedText == nil { published = updated }        // Atom allows entries with only <updated>
        if let published, published.timeIntervalSince(now) > Self.futureTolerance {
            notes.append("date in the future (\(Self.iso(published)))")
        }
        note = notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
