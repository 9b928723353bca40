import Classifier
import Digest
import Feed
import Foundation

/// Small builders for classified items, so each test states only what it is about.
enum DigestFixtures {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!
    /// 2026-03-04 09:00 in Seoul.
    static let morning = Date(timeIntervalSince1970: 1_772_582_400)

    static func item(
        _ id: String, feed: String = "wire", title: String?, link: String? = nil, at offset: TimeInterval = 0,
        labels: [Label] = [], types: [EventType] = [], severity: Int? = nil, actors: [String] = [],
        focus: Bool = false, evidence: [Evidence] = [], published: Bool = true
    ) -> ClassifiedItem {
        let time = morning.addingTimeInterval(offset)
        let feedItem = FeedItem(
            id: id, feed: feed, idRule: .guid, guid: id, title: title, link: link ?? "https://example.org/\(id)",
            published: published ? time : nil
        )
        let classification = Classification(
            labels: labels, types: types, severity: severity, actors: actors, focus: focus, evidence: evidence
        )
        return ClassifiedItem(
            item: feedItem, feedTitle: feed.uppercased() + " News", firstSeen: time,
            day: DigestDay.of(time, in: seoul), classification: classification
        )
    }
}
