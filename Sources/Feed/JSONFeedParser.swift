#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), decoded with `JSONDecoder` after buffering the body.
///
/// Decoding is lenient: a field of the wrong type is ignored rather than failing the item, and an item that is not
/// an object is skipped with an error. Items go through the same ``ItemDraft`` finishing as XML items, so dates,
/// links and ids follow the same rules.
enum JSONFeedParser {
    static func parse(_ bytes: [UInt8], feed: String, documentURL: String?, now: Date) -> FeedDocument {
        var document = FeedDocument(format: .jsonFeed)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let root: JSONFeedObject
        do {
            root = try JSONDecoder().decode(JSONFeedObject.self, from: Data(body))
        } catch {
            document.errors.append(FeedParseError(.json, message: "JSON Feed: \(describe(error))"))
            return document
        }
        if let version = root.version, !version.contains("jsonfeed.org/version/1") {
            document.errors.append(FeedParseError(.json, message: "JSON Feed: unknown version '\(version)'"))
        }
        document.title = root.title
        document.link = root.homePageURL.flatMap { LinkResolver.resolve($0, against: documentURL) }
        document.language = root.language
        guard let entries = root.items else {
            document.errors.append(FeedParseError(.json, message: "JSON Feed: no 'items' array"))
            return document
        }
        let base = documentURL ?? root.feedURL
        var items = entries.compactMap(\.value).map {
            $0.draft(base: base).finish(feed: feed, now: now, fallbackLanguage: document.language)
        }
        if items.count < entries.count {
            let skipped = entries.count - items.count
            let message = "JSON Feed: skipped \(skipped) items that are not objects"
            document.errors.append(FeedParseError(.json, message: message))
        }
        ItemIdentity.assign(&items)
        document.items = items
        return document
    }

    /// One line saying why decoding failed.
    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "invalid JSON" }
        switch decoding {
        case .dataCorrupted(let context):
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return PlainText.collapse("invalid JSON: \(detail)")
        case .typeMismatch, .valueNotFound, .keyNotFound:
            return "the top level is not a JSON Feed object"
        @unknown default:
            return "invalid JSON"
        }
    }
}

/// The feed object; only the members brinkwatch uses.
private struct JSONFeedObject: Decodable {
    var version: String?
    var title: String?
    var homePageURL: String?
    var feedURL: String?
    var language: String?
    var items: [Lenient<JSONFeedItem>]?

    enum CodingKeys: String, CodingKey {
        case version, title, language, items
        case homePageURL = "home_page_url"
        case feedURL = "feed_url"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = container.text(.version)
        title = container.text(.title)
        homePageURL = container.text(.homePageURL)
        feedURL = container.text(.feedURL)
        language = container.text(.language)
        items = try? container.decodeIfPresent([Lenient<JSONFeedItem>].self, forKey: .items)
    }
}

private struct JSONFeedItem: Decodable {
    var draft = ItemDraft()
    var url: String?

    enum CodingKeys: String, CodingKey {
        case id, url, title, summary, tags, language, author, authors
        case externalURL = "external_url"
        case contentText = "content_text"
        case contentHTML = "content_html"
        case datePublished = "date_published"
        case dateModified = "date_modified"
    }

    private struct Author: Decodable {
        var name: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        draft.guid = container.text(.id)
        draft.guidIsPermaLink = false
        draft.title = container.text(.title)
        url = container.text(.url) ?? container.text(.externalURL)
        draft.pubDate = container.text(.datePublished)
        draft.updated = container.text(.dateModified)
        draft.description = container.text(.summary)
        let html = (try? container.decodeIfPresent(String.self, forKey: .contentHTML)).flatMap { $0 }
        draft.content = container.text(.contentText) ?? html.map(PlainText.fromHTML).flatMap { $0.isEmpty ? nil : $0 }
        let authors = (try? container.decodeIfPresent([Lenient<Author>].self, forKey: .authors))?.compactMap(\.value)
            ?? (try? container.decodeIfPresent(Author.self, forKey: .author)).flatMap { $0 }.map { [$0] }
            ?? []
        let names = authors.compactMap { $0.name.map(PlainText.collapse) }.filter { !$0.isEmpty }
        draft.authorName = names.isEmpty ? nil : names.joined(separator: ", ")
        let tags = (try? container.decodeIfPresent([Lenient<LooseText>].self, forKey: .tags)) ?? nil
        draft.categories = (tags ?? []).compactMap { $0.value?.text }
        draft.language = container.text(.language)
    }

    func draft(base: String?) -> ItemDraft {
        var finished = draft
        finished.link = url.flatMap { LinkResolver.resolve($0, against: base) }
        finished.hasLink = finished.link != nil
        return finished
    }
}

/// Decodes `T`, or nothing when the value has another shape; keeps one odd element from failing a whole array.
private struct Lenient<T: Decodable>: Decodable {
    var value: T?

    init(from decoder: any Decoder) throws {
        value = try? T(from: decoder)
    }
}

/// A string or a number as collapsed text; JSON Feed ids and tags appear as both in the wild.
private struct LooseText: Decodable {
    var text: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw: String?
        if let string = try? container.decode(String.self) {
            raw = string
        } else if let integer = try? container.decode(Int64.self) {
            raw = String(integer)
        } else if let number = try? container.decode(Double.self) {
            raw = String(number)
        } else {
            raw = nil
        }
        let collapsed = raw.map(PlainText.collapse)
        text = collapsed?.isEmpty == false ? collapsed : nil
    }
}

extension KeyedDecodingContainer {
    /// The member as collapsed text (string or number), or nil when absent, empty or of another type.
    fileprivate func text(_ key: Key) -> String? {
        (try? decodeIfPresent(LooseText.self, forKey: key))?.flatMap(\.text)
    }
}
