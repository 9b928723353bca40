import Classifier
import Feed
import Foundation

/// Groups the reports of one event, told by several outlets, into one story.
///
/// Two labelled items are the same story when they share their main event type and either link
/// to the same page or have titles whose content words overlap by at least half (Jaccard) and
/// they share an actor when both name one. This first version compares within one day; the
/// clustering issue widens it to 48 hours with shingles or MinHash.
struct StoryClusterer {
    let label: Label
    /// Minimum Jaccard similarity of title words for two reports to be one story.
    var threshold = 0.5

    func cluster(_ items: [ClassifiedItem]) -> [Digest.Story] {
        var stories: [(story: Digest.Story, words: Set<String>)] = []
        for item in items where item.classification.labels.contains(label) {
            let types = Self.bySpecificity(item.classification.types.filter { $0.label == label })
            guard let main = types.first else { continue }
            let words = Self.contentWords(item.item.title ?? item.item.summary ?? "")
            let match = stories.firstIndex { candidate in
                candidate.story.type == main && sameEvent(candidate, item: item, words: words)
            }
            if let index = match {
                merge(item, types: types, words: words, into: &stories[index])
            } else {
                stories.append((story(for: item, main: main, types: types), words))
            }
        }
        return stories.map(\.story)
    }

    private func sameEvent(_ candidate: (story: Digest.Story, words: Set<String>), item: ClassifiedItem, words: Set<String>)
        -> Bool
    {
        if let link = item.item.link, candidate.story.sources.contains(where: { $0.link == link }) { return true }
        let actors = Set(item.classification.actors)
        let storyActors = Set(candidate.story.actors)
        if !actors.isEmpty, !storyActors.isEmpty, actors.isDisjoint(with: storyActors) { return false }
        return Self.jaccard(candidate.words, words) >= threshold
    }

    private func story(for item: ClassifiedItem, main: EventType, types: [EventType]) -> Digest.Story {
        Digest.Story(
            label: label,
            type: main,
            types: types,
            actors: item.classification.actors,
            severity: label == .provocation ? item.classification.severity : nil,
            focus: item.classification.focus,
            time: item.time,
            timeSource: item.timeSource,
            title: item.item.title,
            sources: [DigestBuilder.entry(item)],
            evidence: item.classification.evidence.filter { $0.type.label == label }
        )
    }

    private func merge(
        _ item: ClassifiedItem, types: [EventType], words: Set<String>,
        into entry: inout (story: Digest.Story, words: Set<String>)
    ) {
        var story = entry.story
        story.sources.append(DigestBuilder.entry(item))
        for type in types where !story.types.contains(type) { story.types.append(type) }
        story.types = Self.bySpecificity(story.types)
        for actor in item.classification.actors where !story.actors.contains(actor) { story.actors.append(actor) }
        if label == .provocation, let severity = item.classification.severity {
            story.severity = max(story.severity ?? 0, severity)
        }
        story.focus = story.focus || item.classification.focus
        for evidence in item.classification.evidence where evidence.type.label == label && !story.evidence.contains(evidence) {
            story.evidence.append(evidence)
        }
        entry = (story, entry.words.union(words))
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

    private static let stopWords: Set<String> = [
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "with", "by", "from", "as", "is", "are",
        "was", "were", "be", "its", "it", "says", "said", "after", "over", "into", "new",
    ]

    static func contentWords(_ text: String) -> Set<String> {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return Set(words.filter { $0.count > 1 && !stopWords.contains($0) })
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }
}
