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
            let (rule, baseKey) = key(for: items[index], linkCounts: linkCounts)
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

    private static func key(for item: FeedItem, linkCounts: [String: Int]) -> (ItemIDRule, String) {
        if let guid = item.guid { return (.guid, guid) }
        if let link = item.link {
            if linkCounts[link, default: 0] > 1, let published = item.published {
                return (.linkAndDate, "\(link) \(ItemDates.iso(published))")
            }
            return (.link, link)
        }
        return (.titleAndContent, "\(item.title ?? "")\n\(item.summary ?? "")")
    }
}
