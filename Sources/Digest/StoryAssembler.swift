import Classifier
import Feed
import Foundation

/// Turns a group of one day's reports into the ``Digest/Story`` that day's digest shows.
///
/// Each report appears in exactly one digest, the one of its day; a report of an earlier day
/// only tells that the event was already reported then (``Digest/Story/firstReported``), so a
/// follow-up is marked as such rather than told as news.
struct StoryAssembler {
    let label: Label

    /// The story of `today`, reports in time order (never empty).
    func story(from today: [StoryClusterer.Report], firstReported earlier: String?) -> Digest.Story {
        let first = today[0]
        var types: [EventType] = []
        var actors: [String] = []
        var evidence: [Evidence] = []
        var severity: Int?
        var focus = false
        for report in today {
            for type in report.types where !types.contains(type) { types.append(type) }
            for actor in report.item.classification.actors where !actors.contains(actor) { actors.append(actor) }
            for found in report.item.classification.evidence where found.type.label == label {
                if !evidence.contains(found) { evidence.append(found) }
            }
            if label == .provocation, let level = report.item.classification.severity {
                severity = max(severity ?? 0, level)
            }
            focus = focus || report.item.classification.focus
        }
        types = StoryClusterer.bySpecificity(types)
        return Digest.Story(
            label: label,
            type: types[0],
            types: types,
            actors: actors,
            severity: severity,
            focus: focus,
            time: first.item.time,
            timeSource: first.item.timeSource,
            title: Self.bestTitle(today),
            firstReported: earlier,
            sources: today.map { DigestBuilder.entry($0.item) },
            evidence: evidence
        )
    }

    /// The headline that stands for the story: the one sharing most shingles with the others
    /// (the most typical telling, not the oddest), ties to the earliest. A lone report keeps its
    /// own title. Among the first 64 titled reports, so that a story of thousands stays cheap.
    static func bestTitle(_ reports: [StoryClusterer.Report]) -> String? {
        let titled = Array(reports.lazy.filter { !($0.item.item.title ?? "").isEmpty }.prefix(64))
        guard titled.count > 2 else { return titled.first?.item.item.title ?? reports.first?.item.item.title }
        var best = titled[0]
        var bestScore = -1.0
        for candidate in titled {
            let score = titled.reduce(0.0) { $0 + candidate.shingles.similarity(to: $1.shingles) }
            if score > bestScore + 1e-9 {
                best = candidate
                bestScore = score
            }
        }
        return best.item.item.title
    }
}
