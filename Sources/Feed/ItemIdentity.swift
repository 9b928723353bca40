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
        let keys = items.indices.map { index in
            key(guid: items[index].guid, link: items[index].link, published: items[index].published,
                title: items[index].title, summary: items[index].summary, linkCounts: linkCounts)
        }
        // Which keys repeat has always been decided by Swift's string equality, which is canonical equivalence: a
        // precomposed "é" and "e" with a combining accent are one key, and so are the Kelvin sign and "K". Ids are
        // remembered, so that rule stays. ASCII keys are equal exactly when their bytes are, and then a repeat is
        // found from the 128 bits of its id, without building or hashing the key as a string.
        let byDigest = keys.allSatisfy { isASCII($0.key) }
        var usedDigests = Set<Digest128>(minimumCapacity: byDigest ? items.count : 0)
        var usedKeys = Set<String>(minimumCapacity: byDigest ? 0 : items.count)
        var message: [UInt8] = []
        for index in items.indices {
            let (rule, baseKey) = keys[index]
            let feed = items[index].feed
            var occurrence = 1
            var digest = digest(feed: feed, rule: rule, key: baseKey, occurrence: 1, message: &message)
            if byDigest {
                while !usedDigests.insert(digest).inserted {
                    occurrence += 1
                    digest = self.digest(feed: feed, rule: rule, key: baseKey, occurrence: occurrence, message: &message)
                }
            } else {
                var ruleKey = rule.rawValue + ":" + baseKey
                while !usedKeys.insert(ruleKey).inserted {
                    occurrence += 1
                    ruleKey = rule.rawValue + ":" + baseKey + "#\(occurrence)"
                }
                if occurrence > 1 {
                    digest = self.digest(feed: feed, rule: rule, key: baseKey, occurrence: occurrence, message: &message)
                }
            }
            items[index].idRule = rule
            items[index].id = digest.hex
        }
    }

    /// Whether `text` is all ASCII, eight bytes at a time where its storage is contiguous (a native string).
    private static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            if let base = bytes.baseAddress {
                while index + 8 <= bytes.count {
                    if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                        return false
                    }
                    index += 8
                }
            }
            while index < bytes.count {
                if bytes[index] >= 0x80 { return false }
                index += 1
            }
            return true
        } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The first 128 bits of the SHA-256 of `"<feed>\n<rule>:<key>"`, with `#<occurrence>` appended from the second
    /// occurrence of a key on. The bytes are gathered in `message`, a buffer the caller reuses for every item.
    private static func digest(
        feed: String, rule: ItemIDRule, key: String, occurrence: Int, message: inout [UInt8]
    ) -> Digest128 {
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: feed.utf8)
        message.append(UInt8(ascii: "\n"))
        message.append(contentsOf: rule.rawValue.utf8)
        message.append(UInt8(ascii: ":"))
        message.append(contentsOf: key.utf8)
        if occurrence > 1 {
            message.append(UInt8(ascii: "#"))
            message.append(contentsOf: String(occurrence).utf8)
        }
        return Digest128(SHA256.hash(message))
    }

    /// An id's bits, cheap to hash and compare.
    private struct Digest128: Hashable {
        let high: UInt64
        let low: UInt64

        init(_ digest: [UInt8]) {
            var high: UInt64 = 0, low: UInt64 = 0
            for index in 0..<8 {
                high = high << 8 | UInt64(digest[index])
                low = low << 8 | UInt64(digest[8 + index])
            }
            self.high = high
            self.low = low
        }

        /// 32 lowercase hex characters, most significant first.
        var hex: String {
            String(unsafeUninitializedCapacity: 32) { out in
                for index in 0..<32 {
                    let word = index < 16 ? high : low
                    let nibble = UInt8(truncatingIfNeeded: word >> (60 - 4 * UInt64(index % 16))) & 0x0f
                    out[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
                return 32
            }
        }
    }

    /// The rule and key of an item, from the few fields they use (passing the whole item copied
    /// every one of its strings, for every item).
    private static func key(
        guid: String?, link: String?, published: Date?, title: String?, summary: String?, linkCounts: [String: Int]
    ) -> (rule: ItemIDRule, key: String) {
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
