import Feed
import Foundation

/// Loads the fixture feeds bundled with the test target.
enum Fixture {
    /// A fixed "now" just after the fixtures' invented news day (2031-03-04), so no fixture date is in the future
    /// unless it is meant to be.
    static let now = Date(timeIntervalSince1970: 1_930_500_000)  // 2031-03-05T18:00:00Z

    static func data(_ name: String) throws -> Data {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Fixtures")
        else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func parse(_ name: String, feed: String = "test", documentURL: String? = nil) throws -> FeedDocument {
        FeedParser.parse(try data(name), feed: feed, documentURL: documentURL, now: now)
    }

    /// The id the module must give an item, computed independently from the documented formula.
    static func expectedID(feed: String = "test", rule: String, key: String) -> String {
        String(SHA256.hex("\(feed)\n\(rule):\(key)").prefix(32))
    }
}

struct FixtureMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "fixture \(name) is not in the test bundle" }
}
