import TOML

/// The rule sections of the data files: event patterns, modality rules and severities, plus the
/// helpers every section uses.
extension KnowledgeLoader {
    func compilePatterns(into k: inout Knowledge, ids: inout Set<String>) throws(TOMLError) {
        let parser = PatternParser(classes: classIndex(k), classPhrases: k.classes.map(\.phrases))
        for r in patterns {
            try r.rejectUnknownKeys(allowed: [
                "id", "type", "match", "strength", "severity", "implies_state", "min_actors", "unless", "tags",
            ])
            let id = try Self.id(r, ids: &ids)
            let type = try Self.eventType(r, "type")
            let phrases = try Self.phrases(r, "match", parser: parser, required: true)
            let unless = try Self.phrases(r, "unless", parser: parser, required: false)
            let severity = try r.int("severity")
            if let severity, !(1...5).contains(severity) { throw r.error("severity", "severity must be 1...5") }
            if severity != nil && type.label != .provocation {
                throw r.error("severity", "only provocation types carry a severity")
            }
            let pattern = EventPattern(
                id: id, type: type, phrases: phrases,
                strength: try Self.unit(r, "strength", k.settings.defaultStrength),
                severity: severity,
                impliesState: try r.bool("implies_state") ?? false,
                minActors: try r.int("min_actors", default: 1, range: 0...4),
                unless: unless,
                tags: Set(try r.strings("tags") ?? [])
            )
            let index = k.patterns.count
            k.patterns.append(pattern)
            for phrase in phrases {
                k.phrases.add(phrase, tag: .event(pattern: index), classes: k.classes, vocabulary: &k.vocabulary)
            }
            for phrase in unless {
                k.phrases.add(phrase, tag: .veto(pattern: index), classes: k.classes, vocabulary: &k.vocabulary)
            }
        }
    }

    func compileModality(into k: inout Knowledge, ids: inout Set<String>) throws(TOMLError) {
        let parser = PatternParser(classes: classIndex(k), classPhrases: k.classes.map(\.phrases))
        for r in modality {
            try r.rejectUnknownKeys(allowed: [
                "id", "effect", "factor", "to", "applies_to", "tagged", "cues", "unless", "position", "window",
                "crosses_clauses",
            ])
            let id = try Self.id(r, ids: &ids)
            let effect: ModalityEffect
            switch try r.requiredString("effect") {
            case "suppress": effect = .suppress
            case "hedge": effect = .hedge(try Self.unit(r, "factor", 0.7))
            case "retype": effect = .retype(try Self.eventType(r, "to"))
            case let other: throw r.error("effect", "unknown effect '\(other)' (suppress, hedge or retype)")
            }
            var applies: Set<EventType> = []
            for name in try r.strings("applies_to") ?? ["provocation", "diplomatic"] {
                if let label = Label(rawValue: name) {
                    applies.formUnion(EventType.allCases.filter { $0.label == label })
                } else if let type = EventType(rawValue: name) {
                    applies.insert(type)
                } else {
                    throw r.error("applies_to", "unknown event type or label '\(name)'")
                }
            }
            let positionName = try r.string("position", default: "before")
            guard let position = CuePosition(rawValue: positionName) else {
                let known = "before, after, around, clause, sentence, item, title_start"
                throw r.error("position", "unknown position '\(positionName)' (\(known))")
            }
            let cues = try Self.phrases(r, "cues", parser: parser, required: true)
            // If one of these occurs in the event's clause (or sentence, for sentence rules), the rule does not apply.
            let unless = try Self.phrases(r, "unless", parser: parser, required: false)
            let rule = ModalityRule(
                id: id, effect: effect, appliesTo: EventTypeSet(applies), tagged: Set(try r.strings("tagged") ?? []),
                position: position,
                window: try r.int("window", default: 4, range: 0...30),
                crossesClauses: try r.bool("crosses_clauses") ?? false
            )
            let index = k.rules.count
            k.rules.append(rule)
            for (phrases, isUnless) in [(cues, false), (unless, true)] {
                for phrase in phrases {
                    let tag = Knowledge.PhraseRole.cue(rule: index, isUnless: isUnless)
                    k.phrases.add(phrase, tag: tag, classes: k.classes, vocabulary: &k.vocabulary)
                }
            }
        }
    }

    func compileSeverity(into k: inout Knowledge) throws(TOMLError) {
        let classes = classIndex(k)
        for r in severity {
            try r.rejectUnknownKeys(allowed: ["level", "type", "class", "types"])
            let level = try r.int("level", default: 0, range: 1...5)
            if try r.string("type") != nil {
                let type = try Self.eventType(r, "type")
                guard type.label == .provocation else {
                    throw r.error("type", "only provocation types carry a severity")
                }
                k.severities.append(SeverityRule(level: level, type: type, wordClass: nil, types: EventTypeSet()))
            } else if let name = try r.string("class") {
                guard let index = classes[name] else { throw r.error("class", "unknown class '\(name)'") }
                var types: Set<EventType> = []
                for typeName in try r.strings("types") ?? [] {
                    guard let type = EventType(rawValue: typeName), type.label == .provocation else {
                        throw r.error("types", "'\(typeName)' is not a provocation event type")
                    }
                    types.insert(type)
                }
                guard !types.isEmpty else { throw r.error("types", "a class severity needs a non-empty types list") }
                k.severities.append(SeverityRule(level: level, type: nil, wordClass: index, types: EventTypeSet(types)))
            } else {
                throw r.error(nil, "a severity entry needs either 'type' or 'class'")
            }
        }
    }

    // MARK: helpers

    func classIndex(_ k: Knowledge) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: k.classes.enumerated().map { ($0.element.name, $0.offset) })
    }

    static func id(_ r: TOMLReader, ids: inout Set<String>) throws(TOMLError) -> String {
        let id = try r.requiredString("id")
        guard isIdentifier(String(id.map { $0 == "-" ? "_" : $0 })) else {
            throw r.error("id", "id '\(id)' must be lowercase letters, digits, '-' or '_'")
        }
        guard ids.insert(id).inserted else { throw r.error("id", "id '\(id)' is used twice") }
        return id
    }

    static func eventType(_ r: TOMLReader, _ key: String) throws(TOMLError) -> EventType {
        let name = try r.requiredString(key)
        guard let type = EventType(rawValue: name) else { throw r.error(key, "unknown event type '\(name)'") }
        return type
    }

    static func phrases(
        _ r: TOMLReader, _ key: String, parser: PatternParser, required: Bool
    ) throws(TOMLError) -> [PhrasePattern] {
        let sources = try r.strings(key) ?? []
        if required && sources.isEmpty { throw r.error(key, "needs at least one pattern") }
        var result: [PhrasePattern] = []
        for source in sources { result.append(try compile(source, with: parser, reader: r, key: key)) }
        return result
    }

    static func compile(
        _ source: String, with parser: PatternParser, reader: TOMLReader, key: String
    ) throws(TOMLError) -> PhrasePattern {
        do {
            return try parser.parse(source)
        } catch {
            throw reader.error(key, "bad pattern \"\(source)\": \(error.message)")
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }
}
