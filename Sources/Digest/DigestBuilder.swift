import Classifier
import Feed
import Foundation

/// Builds a day's ``Digest`` from its classified items.
///
/// The result depends only on the inputs, never on the clock or on file order, so a rebuild from
/// the same items is identical.
public struct DigestBuilder: Sendable {
    public var timeZone: TimeZone
    /// Feeds to report on, in the order to list them, with their last error if failing.
    public var feeds: [Digest.FeedHealth]

    public init(timeZone: TimeZone, feeds: [Digest.FeedHealth]) {
        self.timeZone = timeZone
        self.feeds = feeds
    }

    /// The digest of `day` from its `items`.
    ///
    /// - Parameters:
    ///   - earlier: the items of the day before, only to recognise follow-ups of stories told
    ///     then; none of them is shown.
    ///   - final: whether the day is over with its grace period.
    public func build(day: String, items: [ClassifiedItem], earlier: [ClassifiedItem] = [], final: Bool = false)
        -> Digest
    {
        // The items were stored under this day: that, not their own field, places them.
        let items = Self.latestInTimeOrder(items) { $0.day = day }
        let earlier = Self.latestInTimeOrder(earlier.filter { $0.day < day })
        var counts = Digest.Counts(provocations: 0, diplomatic: 0, other: 0)
        var focusOther: [Digest.Entry] = []
        for item in items where item.classification.labels.isEmpty {
            counts.other += 1
            if item.classification.focus { focusOther.append(Self.entry(item)) }
        }
        // The two sections are independent: built at the same time.
        let (provocations, diplomatic) = Parallel.both(
            { stories(.provocation, items: items, earlier: earlier).sorted(by: Self.mostSevereFirst) },
            { stories(.diplomatic, items: items, earlier: earlier) })
        counts.provocations = provocations.count
        counts.diplomatic = diplomatic.count

        var perFeed: [String: Int] = [:]
        for item in items { perFeed[item.item.feed, default: 0] += 1 }
        var health = feeds.map { feed in
            var feed = feed
            feed.items = perFeed[feed.name] ?? 0
            return feed
        }
        // Items from feeds no longer configured still count, under their own name.
        let known = Set(feeds.map(\.name))
        for name in perFeed.keys.sorted() where !known.contains(name) {
            let title = items.first { $0.item.feed == name }?.feedTitle ?? name
            health.append(Digest.FeedHealth(name: name, title: title, items: perFeed[name] ?? 0))
        }

        return Digest(
            version: Digest.schemaVersion,
            date: day,
            timeZone: timeZone.identifier,
            final: final,
            itemCount: items.count,
            counts: counts,
            provocations: provocations,
            diplomatic: diplomatic,
            focusOther: focusOther,
            feeds: health
        )
    }

    /// The stories of one label: the day's reports clustered, each story checked against the
    /// reports of the day before for a follow-up.
    private func stories(_ label: Label, items: [ClassifiedItem], earlier: [ClassifiedItem]) -> [Digest.Story] {
        let clusterer = StoryClusterer(label: label)
        let assembler = StoryAssembler(label: label)
        let before = clusterer.group(clusterer.reports(earlier))
        return clusterer.cluster(items).map { story in
            assembler.story(from: story, firstReported: clusterer.earliestDay(of: story, among: before))
        }
    }

    static func entry(_ item: ClassifiedItem) -> Digest.Entry {
        Digest.Entry(
            id: item.item.id,
            feed: item.item.feed,
            feedTitle: item.feedTitle,
            title: item.item.title,
            link: item.item.link,
            time: item.time,
            timeSource: item.timeSource
        )
    }

    /// One record per item id (the most recently seen, so an updated item replaces its earlier
    /// version), in ``chronological(_:_:)`` order, each passed through `adjust`.
    ///
    /// Indices are deduplicated and sorted, not the records: a record is a few hundred bytes to
    /// move, and a large day holds tens of thousands, so each copy of the array would cost tens
    /// of megabytes; only the result is a new array.
    static func latestInTimeOrder(
        _ items: [ClassifiedItem], adjust: (inout ClassifiedItem) -> Void = { _ in }
    ) -> [ClassifiedItem] {
        var latest: [String: Int] = [:]
        latest.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let kept = latest[item.item.id], items[kept].firstSeen >= item.firstSeen { continue }
            latest[item.item.id] = index
        }
        let order = latest.values.sorted { chronological(items[$0], items[$1]) }
        var result: [ClassifiedItem] = []
        result.reserveCapacity(order.count)
        for index in order {
            var item = items[index]
            adjust(&item)
            result.append(item)
        }
        return result
    }

    static func chronological(_ a: ClassifiedItem, _ b: ClassifiedItem) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.item.feed != b.item.feed { return a.item.feed < b.item.feed }
        return a.item.id < b.item.id
    }

    static func mostSevereFirst(_ a: Digest.Story, _ b: Digest.Story) -> Bool {
        let left = a.severity ?? 0
        let right = b.severity ?? 0
        if left != right { return left > right }
        if a.time != b.time { return a.time < b.time }
        return (a.sources.first?.id ?? "") < (b.sources.first?.id ?? "")
    }
}
