#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Assigns every item of one document its stable id.
///
/// Keys, in order: the guid (RSS `guid`, Atom `id`, JSON `id`); else the link; but when several guid-less items
/// of the document share one link (a feed pointing every item at its home page), the link plus the published date;
/// else the title and summary text. Items whose key repeats within the document are told apart by their content
/// (``disambiguate(_:keys:digests:repeated:)``), so two items never share an id.
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
        var firstByDigest = [Digest128: Int](minimumCapacity: byDigest ? items.count : 0)
        var firstByKey = [String: Int](minimumCapacity: byDigest ? 0 : items.count)
        var digests: [Digest128] = []
        digests.reserveCapacity(items.count)
        var repeated: [Int] = []
        var message: [UInt8] = []
        for index in items.indices {
            let (rule, key) = keys[index]
            let digest = digest(feed: items[index].feed, rule: rule, key: key, occurrence: 1, message: &message)
            digests.append(digest)
            let first = byDigest
                ? firstByDigest.updateValue(index, forKey: digest)
                : firstByKey.updateValue(index, forKey: rule.rawValue + ":" + key)
            if let first { repeated += [first, index] }
            items[index].idRule = rule
            items[index].id = digest.hex
        }
        if !repeated.isEmpty {
            disambiguate(&items, keys: keys, digests: digests, repeated: Set(repeated))
        }
    }

    /// Gives the items whose key repeats in the document ids told apart by what differs between them, whatever their
    /// order: the link (for a repeated guid), then the title and summary, and only between items equal in all of
    /// these their position (`#2`, `#3`...). Numbering them all by position moved ids from item to item whenever such
    /// a feed put a new item first, so that a new item passed for an edit of an old one. Copies of one item (equal in
    /// all of it) keep the plain key and the numbers, as they always had: which copy is which does not matter.
    private static func disambiguate(
        _ items: inout [FeedItem], keys: [(rule: ItemIDRule, key: String)], digests: [Digest128], repeated: Set<Int>
    ) {
        let members = repeated.sorted()
        // Grouped as the repeats were found: ASCII keys by their bytes, others by Swift's equality.
        var groups: [String: [Int]] = [:]
        for index in members { groups[keys[index].rule.rawValue + ":" + keys[index].key, default: []].append(index) }
        var refined: [Int: String] = [:]
        // Copies are numbered by their place among each other, from their own key's bytes, as before.
        var place: [Int: Int] = [:]
        for group in groups.values {
            let contents = group.map { whole(of: items[$0], key: keys[$0]) }
            if contents.allSatisfy({ $0 == contents[0] }) {
                for (offset, index) in group.enumerated() { place[index] = offset + 1 }
                continue
            }
            var counts: [String: Int] = [:]
            for index in group {
                let (rule, key) = keys[index]
                refined[index] = rule == .guid ? key + "\n" + (items[index].link ?? "") : key
                counts[refined[index]!, default: 0] += 1
            }
            // Those still equal with their links (or with no link to add) take their text too.
            for (index, content) in zip(group, contents) where counts[refined[index]!]! > 1 { refined[index] = content }
        }
        var used = Set(items.indices.lazy.filter { !repeated.contains($0) }.map { digests[$0] })
        var message: [UInt8] = []
        for index in members {
            let rule = keys[index].rule, key = refined[index] ?? keys[index].key, feed = items[index].feed
            var occurrence = place[index] ?? 1
            var digest = digest(feed: feed, rule: rule, key: key, occurrence: occurrence, message: &message)
            while !used.insert(digest).inserted {
                occurrence += 1
                digest = self.digest(feed: feed, rule: rule, key: key, occurrence: occurrence, message: &message)
            }
            items[index].id = digest.hex
        }
    }

    /// An item's key with all that can tell it apart from another item of that key: its link (for a guid; the other
    /// keys hold the link already, or there is none), its title and summary (unless they are the key).
    private static func whole(of item: FeedItem, key: (rule: ItemIDRule, key: String)) -> String {
        switch key.rule {
        case .guid: key.key + "\n" + (item.link ?? "") + "\n" + (item.title ?? "") + "\n" + (item.summary ?? "")
        case .link, .linkAndDate: key.key + "\n" + (item.title ?? "") + "\n" + (item.summary ?? "")
        case .titleAndContent: key.key
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
