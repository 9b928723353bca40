extension Classifier {
    /// Turns the surviving events into labels, types, confidence, severity and evidence.
    ///
    /// The score of one event is `strength x position weight x hedge factors` (title 1.0, first
    /// summary sentence 0.85, later sentences 0.7 by default). Repeated hits of one pattern count
    /// once, at their best; different patterns for the same label combine like independent
    /// witnesses, `1 - (1 - s1)(1 - s2)...`. A label is given when its score reaches `threshold`
    /// (0.5 by default), so a weak pattern (strength 0.4) needs a second witness.
    func score(
        _ kept: [Candidate], text: TokenizedText, matcher: PhraseMatcher, mentions: [Gazetteer.Mention]
    ) -> Classification {
        var best: [Label: [Int: Double]] = [:]
        for candidate in kept {
            let label = candidate.type.label
            best[label, default: [:]][candidate.pattern] = max(
                best[label]?[candidate.pattern] ?? 0, candidate.score
            )
        }
        var confidence: [String: Double] = [:]
        var labels: [Label] = []
        for label in Label.allCases {
            guard let scores = best[label] else { continue }
            let miss = scores.values.reduce(1.0) { $0 * (1 - $1) }
            let value = ((1 - miss) * 1000).rounded() / 1000
            confidence[label.rawValue] = value
            if value >= knowledge.settings.threshold { labels.append(label) }
        }

        var evidence: [Evidence] = []
        var events: [DetectedEvent] = []
        var types: Set<EventType> = []
        var severity: Int?
        let chosen = kept.filter { labels.contains($0.type.label) }
        for candidate in chosen.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            types.insert(candidate.type)
            // Quote the widest words once: skip a match lying inside another of the same type.
            let covered = chosen.contains {
                $0.type == candidate.type && $0.range != candidate.range
                    && $0.range.lowerBound <= candidate.range.lowerBound
                    && $0.range.upperBound >= candidate.range.upperBound
            }
            let item = Evidence(
                type: candidate.type, rule: knowledge.patterns[candidate.pattern].id,
                text: text.surface(candidate.range)
            )
            var level: Int?
            if candidate.type.label == .provocation, let found = self.severity(of: candidate, text, matcher) {
                level = found
                severity = max(severity ?? 0, found)
            }
            guard !covered, !evidence.contains(item) else { continue }
            evidence.append(item)
            let roles = Self.roles(
                of: candidate.range, sentence: text.sentences[candidate.sentence], mentions: mentions,
                tokens: text.tokens, byWord: knowledge.byWord,
                addressesOthers: candidate.type.label == .diplomatic)
            events.append(DetectedEvent(
                type: candidate.type, actor: roles.actor, target: roles.target, severity: level,
                confidence: (candidate.score * 1000).rounded() / 1000, evidence: item))
        }
        return Classification(
            labels: labels,
            types: types.sorted { $0.order < $1.order },
            severity: severity,
            confidence: confidence,
            evidence: evidence,
            events: events
        )
    }

    /// The pattern's own severity (if the event kept its type), else the type's level from the
    /// data, raised by any severity word class (ICBM, IRBM...) found in the event's sentence.
    private func severity(of candidate: Candidate, _ text: TokenizedText, _ matcher: PhraseMatcher) -> Int? {
        let pattern = knowledge.patterns[candidate.pattern]
        var level: Int? = pattern.type == candidate.type ? pattern.severity : nil
        if level == nil {
            level = knowledge.severities.first { $0.type == candidate.type }?.level
        }
        let sentence = text.sentences[candidate.sentence]
        for rule in knowledge.severities where rule.types.contains(candidate.type) && rule.level > (level ?? 0) {
            guard let index = rule.wordClass else { continue }
            let wordClass = knowledge.classes[index]
            if sentence.contains(where: { matcher.classMatches(wordClass, at: $0, limit: sentence.upperBound) }) {
                level = rule.level
            }
        }
        return level
    }
}
