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
    ///   - items: the day's records; handed over with `consume`, they are ordered where they lie
    ///     instead of being copied (see ``latestInTimeOrder(_:)``).
    ///   - earlier: the items of the day before, only to recognise follow-ups of stories told
    ///     then; none of them is shown.
    ///   - final: whether the day is over with its grace period.
    public func build(
        day: String, items: consuming [ClassifiedItem], earlier: [ClassifiedItem] = [], final: Bool = false
    ) -> Digest {
        Self.latestInTimeOrder(&items)
        // The items were stored under this day: that, not their own field, places them.
        for index in items.indices { items[index].day = day }
        var earlier = earlier.filter { $0.day < day }
        Self.latestInTimeOrder(&earlier)
        let items = consume items
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
    /// reports of the day before for a follow-up. A story told only by updates of items first
    /// reported on earlier days (``ClassifiedItem/firstReported``) is a follow-up too.
    private func stories(_ label: Label, items: [ClassifiedItem], earlier: [ClassifiedItem]) -> [Digest.Story] {
        let clusterer = StoryClusterer(label: label)
        let assembler = StoryAssembler(label: label)
        let before = clusterer.group(clusterer.reports(earlier))
        return clusterer.cluster(items).map { story in
            let days = [clusterer.earliestDay(of: story, among: before), Self.firstReported(story)]
            return assembler.story(from: story, firstReported: days.compactMap { $0 }.min())
        }
    }

    /// The earliest day on which a story's reports were first told, when every one of them is
    /// an update of an item told on an earlier day; nil when any report is news today.
    static func firstReported(_ story: [StoryClusterer.Report]) -> String? {
        var earliest: String?
        for report in story {
            guard let day = report.item.firstReported, day < report.item.day else { return nil }
            earliest = min(earliest ?? day, day)
        }
        return earliest
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

    /// Keeps one record per item id (the most recently seen, so that an updated item replaces
    /// its earlier version) and puts them in ``chronological(_:_:)`` order, in place.
    static func latestInTimeOrder(_ items: inout [ClassifiedItem]) {
        items.keepOnePerID { $0.firstSeen > $1.firstSeen }
        items.sortMovingOnce(by: chronological)
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
