#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Assigns every item of one document its stable id.
///
/// Keys, in order: the guid (RSS `guid`, Atom `id`, JSON `id`); else the link; but when several guid-less items
/// of the document share one link (a feed pointing every item at its home page), the link plus the published date;
/// else the title and summary text. A key that still repeats within the document gets `#2`, `#3`, ... appended in
/// document order, so two items never share an id.
enum ItemIdentity {
    static func assign(_ items: inout [FeedItem]) {
        var linkCounts: [String: Int] = [:]
        for item in items where item.guid == nil {
            if let link = item.link { linkCounts[link, default: 0] += 1 }
        }
        var used = Set<String>(minimumCapacity: items.count)
        var message: [UInt8] = []
        for index in items.indices {
            let (rule, baseKey) = key(
                guid: items[index].guid, link: items[index].link, published: items[index].published,
                title: items[index].title, summary: items[index].summary, linkCounts: linkCounts)
            var ruleKey = rule.rawValue + ":" + baseKey
            var occurrence = 1
            while !used.insert(ruleKey).inserted {
                occurrence += 1
                ruleKey = rule.rawValue + ":" + baseKey + "#\(occurrence)"
            }
            items[index].idRule = rule
            items[index].id = id(feed: items[index].feed, ruleKey: ruleKey, message: &message)
        }
    }

    /// `"<feed>\n<rule>:<key>"` hashed with SHA-256, first 128 bits as 32 lowercase hex characters. The bytes
    /// are gathered in `message`, a buffer the caller reuses for every item.
    private static func id(feed: String, ruleKey: String, message: inout [UInt8]) -> String {
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: feed.utf8)
        message.append(UInt8(ascii: "\n"))
        message.append(contentsOf: ruleKey.utf8)
        return SHA256.hexString(SHA256.hash(message).prefix(16))
    }

    /// The rule and key of an item, from the few fields they use (passing the whole item copied
    /// every one of its strings, for every item).
    private static func key(
        guid: String?, link: String?, published: Date?, title: String?, summary: String?, linkCounts: [String: Int]
    ) -> (ItemIDRule, String) {
        if let guid { return (.guid, guid) }
        if let link {
            if linkCounts[link, default: 0] > 1, let published {
                return (.linkAndDate, "\(link) \(ItemDates.iso(published))")
            }
            return (.link, link)
        }
        return (.titleAndContent, "\(title ?? "")\n\(summary ?? "")")
    }
}
