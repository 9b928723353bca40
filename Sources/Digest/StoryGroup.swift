import Foundation

/// A story while it is being clustered: its reports in time order, the links they point to,
/// and the few reports a newcomer is compared with.
///
/// Comparing a newcomer with every report of a story made clustering quadratic: a day of 60,000
/// items, with stories of a thousand reports, took over a minute. A story is recognised just as
/// well by its first reports (how the event was first told) and its latest (how it is told now),
/// so a newcomer meets at most ``headCount`` + ``tailCount`` of them, and the links of all.
struct StoryGroup {
    static let headCount = 4
    static let tailCount = 4

    private(set) var reports: [StoryClusterer.Report]
    private(set) var links: Set<String> = []

    init(_ first: StoryClusterer.Report) {
        reports = [first]
        if let link = first.item.item.link { links.insert(link) }
    }

    mutating func append(_ report: StoryClusterer.Report) {
        reports.append(report)
        if let link = report.item.item.link { links.insert(link) }
    }

    /// The time of the first report.
    var start: Date { reports[0].item.time }

    /// The time of the latest report (reports arrive in time order).
    var latest: Date { reports[reports.count - 1].item.time }

    /// The first and the latest few reports; all of them while the story is small.
    var representatives: ArraySlice<StoryClusterer.Report> { Self.representatives(of: reports) }

    static func representatives(of reports: [StoryClusterer.Report]) -> ArraySlice<StoryClusterer.Report> {
        if reports.count <= headCount + tailCount { return reports[...] }
        return ArraySlice(reports.prefix(headCount) + reports.suffix(tailCount))
    }
}
