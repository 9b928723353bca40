import Foundation

/// One input of the benchmark: a title and a summary cut to about `BenchmarkItem.targetBytes`.
struct BenchmarkItem: Sendable {
    /// The size the speed target is stated for.
    static let targetBytes = 300
    /// Shorter items (a bare headline) are left out so that the set stays close to the target size.
    static let minimumBytes = 200

    var title: String
    var summary: String

    var byteCount: Int { title.utf8.count + summary.utf8.count }

    /// Cuts the summary at a word boundary so that title and summary together fit `targetBytes`.
    init(title: String, summary: String) {
        self.title = title
        let room = Self.targetBytes - title.utf8.count
        guard summary.utf8.count > room else {
            self.summary = summary
            return
        }
        var cut = ""
        for word in summary.split(separator: " ", omittingEmptySubsequences: true) {
            let next = cut.isEmpty ? String(word) : cut + " " + word
            if next.utf8.count > room { break }
            cut = next
        }
        self.summary = cut
    }

    /// The items of a JSON Lines file with `title` and `summary` fields; unreadable lines are skipped.
    static func load(jsonLines url: URL) -> [BenchmarkItem] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        var items: [BenchmarkItem] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let title = object["title"] as? String
            else { continue }
            items.append(BenchmarkItem(title: title, summary: object["summary"] as? String ?? ""))
        }
        return items
    }

    /// Writes the items as JSON Lines, so that the peers in the benchmark script time the same texts.
    static func write(_ items: [BenchmarkItem], to url: URL) throws {
        var out = Data()
        for item in items {
            let object = ["title": item.title, "summary": item.summary]
            out.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            out.append(UInt8(ascii: "\n"))
        }
        try out.write(to: url)
    }
}
