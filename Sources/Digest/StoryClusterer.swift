import Classifier
import Feed
import Foundation

/// Groups the reports of one event, told by several outlets, into one story.
///
/// Two labelled reports are the same story when they share their main event type, their actors
/// agree (when both name some, one list holds the other), they were published within
/// ``window`` of each other, and one of these holds:
/// - they link to the same page;
/// - their headlines' shingles overlap by at least ``strongSimilarity`` (a retelling, even on
///   the next day);
/// - both are within ``closeWindow`` of the story's first report and they either name exactly
///   the same actors or overlap by at least ``weakSimilarity``.
///
/// A report whose main event type differs from a story's still joins it when it retells one of
/// the story's reports (the same link, or headlines overlapping by ``strongSimilarity`` with
/// agreeing actors, within the window): outlets' words lead the classifier to different types
/// for one event (a protest read as a statement in one outlet, talks in another), and the
/// analyst should still see it once.
///
/// Outlets word one event very differently ("allies begin joint air drills", "Seoul, Washington
/// kick off combined exercise" share almost no words), so within a few hours the event type and
/// the actors carry the decision; later only a close retelling joins. Closeness is measured from
/// the story's first report, not from any report, so that a chain of reports cannot stretch one
/// story over two events. A report joins the first story, in time order, that holds such a
/// report among its first and latest few (``StoryGroup``), or shares a link with any of them.
///
/// A digest clusters the reports of its own day, then looks for the same event among the
/// reports of the day before (``earliestDay(of:among:)``) to mark a follow-up. Wire services
/// often reuse one headline for every launch, so a second launch within 48 hours of a first can
/// be marked as a follow-up of it; it is still shown, with its own reports, which is the error
/// that costs an analyst least.
///
/// The input order decides the result, so callers pass items sorted by time, feed and id; the
/// output is then the same for the same items, whatever order the files were read in.
struct StoryClusterer {
    let label: Label
    /// Shingle overlap (Jaccard index) that makes two reports one story anywhere in the window.
    var strongSimilarity = 0.5
    /// Shingle overlap enough for two reports close in time. Both values were set on the
    /// clustering fixtures (`StoryClusteringTests`).
    var weakSimilarity = 0.15
    /// How far apart in time two reports of one event may be.
    var window: TimeInterval = 48 * 3600
    /// Reports this close in time need less likeness of wording.
    var closeWindow: TimeInterval = 12 * 3600

    /// The records that reports point into, shared rather than copied: a record is a few
    /// hundred bytes, and a busy day has tens of thousands of reports.
    final class Records: Sendable {
        let items: [ClassifiedItem]
        init(_ items: [ClassifiedItem]) { self.items = items }
    }

    /// One report, with what comparing it needs computed once.
    struct Report {
        let records: Records
        let index: Int
        let types: [EventType]
        let actors: Set<String>
        let shingles: TitleShingles

        /// The report's record, read in place.
        var item: ClassifiedItem {
            _read { yield records.items[index] }
        }
    }

    /// The reports of `items` under ``label``, in the order given.
    func reports(_ items: [ClassifiedItem]) -> [Report] {
        let records = Records(items)
        return items.indices.compactMap { index in
            let item = items[index]
            guard item.classification.labels.contains(label) else { return nil }
            let types = Self.bySpecificity(item.classification.types.filter { $0.label == label })
            guard !types.isEmpty else { return nil }
            return Report(
                records: records, index: index, types: types, actors: Set(item.classification.actors),
                shingles: TitleShingles(item.item.title ?? item.item.summary ?? ""))
        }
    }

    /// The stories, as groups of reports in time order; stories ordered by their first report.
    func cluster(_ items: [ClassifiedItem]) -> [[Report]] {
        group(reports(items)).map(\.reports)
    }

    /// Clusters `reports` (in time order) into story groups.
    func group(_ reports: [Report]) -> [StoryGroup] {
        var stories: [StoryGroup] = []
        var storiesByType: [EventType: [Int]] = [:]
        for report in reports {
            let main = report.types[0]
            let candidates = storiesByType[main] ?? []
            if let index = candidates.first(where: { joins(report, stories[$0]) }) ?? retold(report, in: stories) {
                stories[index].append(report)
            } else {
                storiesByType[main, default: []].append(stories.count)
                stories.append(StoryGroup(report))
            }
        }
        return stories
    }

    /// Whether `report`, later than every report of `story`, tells its event.
    func joins(_ report: Report, _ story: StoryGroup) -> Bool {
        guard report.item.time.timeIntervalSince(story.latest) <= window else { return false }
        if let link = report.item.item.link, story.links.contains(link) { return true }
        return story.representatives.contains { sameEvent($0, report, storyStart: story.start) }
    }

    /// The first story of another main type that `report` retells, if any (see the type's
    /// description).
    func retold(_ report: Report, in stories: [StoryGroup]) -> Int? {
        let main = report.types[0]
        return stories.indices.first { index in
            let story = stories[index]
            guard story.reports[0].types[0] != main, report.item.time.timeIntervalSince(story.latest) <= window else {
                return false
            }
            if let link = report.item.item.link, story.links.contains(link) { return true }
            return story.representatives.contains { retells($0, report) }
        }
    }

    /// Whether `b` retells `a` closely: agreeing actors and headlines that overlap by at least
    /// ``strongSimilarity``, within the window.
    func retells(_ a: Report, _ b: Report) -> Bool {
        guard abs(a.item.time.timeIntervalSince(b.item.time)) <= window, actorsAgree(a, b) else { return false }
        guard a.shingles.similarityBound(b.shingles) >= strongSimilarity else { return false }
        return a.shingles.similarity(to: b.shingles) >= strongSimilarity
    }

    /// When both reports name actors, one list holds the other.
    private func actorsAgree(_ a: Report, _ b: Report) -> Bool {
        a.actors.isEmpty || b.actors.isEmpty || a.actors.isSubset(of: b.actors) || b.actors.isSubset(of: a.actors)
    }

    /// The earliest day among `earlier` reports of the same event as `story`, if any: the
    /// earlier reports are grouped into stories too, and a group matches when a report of it
    /// would have joined the story, closeness measured between the two reports.
    func earliestDay(of story: [Report], among earlier: [StoryGroup]) -> String? {
        let main = story[0].types[0]
        let recent = StoryGroup.representatives(of: story)
        var day: String?
        for old in earlier where old.reports[0].types[0] == main {
            let first = old.reports[0].item.day
            if let found = day, found <= first { continue }
            let links = story.contains { $0.item.item.link.map(old.links.contains) ?? false }
            if links || old.representatives.contains(where: { past in
                recent.contains { sameEvent(past, $0, storyStart: past.item.time) }
            }) {
                day = first
            }
        }
        return day
    }

    /// Whether `b` tells the event `a` reported, in a story whose first report is at `storyStart`.
    func sameEvent(_ a: Report, _ b: Report, storyStart: Date) -> Bool {
        let gap = abs(a.item.time.timeIntervalSince(b.item.time))
        guard gap <= window else { return false }
        if let link = a.item.item.link, link == b.item.item.link { return true }
        if !actorsAgree(a, b) { return false }
        let close = max(abs(a.item.time.timeIntervalSince(storyStart)), abs(b.item.time.timeIntervalSince(storyStart)))
            <= closeWindow
        if close, !a.actors.isEmpty, a.actors == b.actors { return true }
        let needed = close ? weakSimilarity : strongSimilarity
        // The sizes alone can rule it out, without the merge.
        guard a.shingles.similarityBound(b.shingles) >= needed else { return false }
        return a.shingles.similarity(to: b.shingles) >= needed
    }

    /// The order in which event types head a story: the most specific act first, so that a
    /// Security Council meeting reads as UN action rather than talks, and a missile test that
    /// was also threatened reads as a launch.
    static let specificity: [EventType] = [
        .nuclearTest, .missileLaunch, .satelliteLaunch, .seizureOrAttack, .artilleryFire, .incursion, .cyberattack,
        .militaryDrill, .deployment, .testPreparation, .threat,
        .unAction, .sanctions, .summit, .detaineeRelease, .agreement, .aid, .envoyVisit, .diplomaticProtest, .talks,
        .statement,
    ]

    static func bySpecificity(_ types: [EventType]) -> [EventType] {
        types.sorted { (specificity.firstIndex(of: $0) ?? .max) < (specificity.firstIndex(of: $1) ?? .max) }
    }
}
