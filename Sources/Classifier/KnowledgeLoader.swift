import TOML

/// Turns parsed TOML tables into `Knowledge`, checking every key and value on the way.
///
/// Files may hold any mix of the sections; they are gathered first and compiled in dependency
/// order (settings, classes, actors, then patterns, modality rules and severities, which refer
/// to classes and to `@actor`).
struct KnowledgeLoader {
    private static let sections: Set<String> = [
        "settings", "class", "actor", "more_names", "non_actor", "pattern", "modality", "severity",
    ]

    private var settings: TOMLReader?
    private var classes: [TOMLReader] = []
    private var actors: [TOMLReader] = []
    /// `[[more_names]]`: further names (other languages, say) for an actor defined elsewhere.
    private var moreNames: [TOMLReader] = []
    private var nonActors: [TOMLReader] = []
    private(set) var patterns: [TOMLReader] = []
    private(set) var modality: [TOMLReader] = []
    private(set) var severity: [TOMLReader] = []

    mutating func read(_ text: String, file: String) throws(ClassifierError) {
        let table: TOMLTable
        do {
            table = try TOML.parse(text, file: file)
        } catch {
            throw ClassifierError(error, code: .syntax)
        }
        do throws(TOMLError) {
            let root = TOMLReader(table, file: file)
            try root.rejectUnknownKeys(allowed: Self.sections)
            if let found = try root.table("settings") {
                if settings != nil { throw found.error(nil, "[settings] is already defined in another file") }
                settings = found
            }
            classes += try root.tables("class")
            actors += try root.tables("actor")
            moreNames += try root.tables("more_names")
            nonActors += try root.tables("non_actor")
            patterns += try root.tables("pattern")
            modality += try root.tables("modality")
            severity += try root.tables("severity")
        } catch {
            throw ClassifierError(error)
        }
    }

    func compile() throws(ClassifierError) -> Knowledge {
        var knowledge = Knowledge()
        do throws(TOMLError) {
            if let settings { knowledge.settings = try Self.settings(settings) }
            knowledge.clauseBreaks = BitSet(
                knowledge.settings.clauseBreaks.map { knowledge.vocabulary.intern(word: $0) })
            let english = knowledge.settings.englishWords.map { knowledge.vocabulary.intern(word: $0) }
            knowledge.englishWords = BitSet(english)
            knowledge.vocabulary.markCommon(english)
            knowledge.foreignWords = BitSet(
                knowledge.settings.foreignWords.map { knowledge.vocabulary.intern(word: $0) })
            try compileClasses(into: &knowledge)
            try compileActors(into: &knowledge)
            var ids: Set<String> = []
            try compilePatterns(into: &knowledge, ids: &ids)
            try compileModality(into: &knowledge, ids: &ids)
            try compileSeverity(into: &knowledge)
            knowledge.byWord = knowledge.vocabulary.intern(word: "by")
            knowledge.vocabulary.seal()
        } catch {
            throw ClassifierError(error)
        }
        return knowledge
    }

    private static func settings(_ r: TOMLReader) throws(TOMLError) -> Settings {
        try r.rejectUnknownKeys(allowed: [
            "title_characters", "summary_characters", "title_weight", "lead_weight", "body_weight",
            "default_strength", "threshold", "clause_breaks", "english_words", "foreign_words",
            "max_non_ascii_share",
        ])
        var s = Settings()
        s.titleCharacters = try r.int("title_characters", default: s.titleCharacters, range: 20...10_000)
        s.summaryCharacters = try r.int("summary_characters", default: s.summaryCharacters, range: 0...100_000)
        s.titleWeight = try unit(r, "title_weight", s.titleWeight)
        s.leadWeight = try unit(r, "lead_weight", s.leadWeight)
        s.bodyWeight = try unit(r, "body_weight", s.bodyWeight)
        s.defaultStrength = try unit(r, "default_strength", s.defaultStrength)
        s.threshold = try unit(r, "threshold", s.threshold)
        s.maxNonASCIIShare = try unit(r, "max_non_ascii_share", s.maxNonASCIIShare)
        s.clauseBreaks = Set(try words(r, "clause_breaks"))
        s.englishWords = Set(try words(r, "english_words"))
        s.foreignWords = Set(try words(r, "foreign_words"))
        return s
    }

    /// A number in 0...1.
    static func unit(_ r: TOMLReader, _ key: String, _ fallback: Double) throws(TOMLError) -> Double {
        guard let value = try r.double(key) else { return fallback }
        guard (0...1).contains(value) else { throw r.error(key, "must be between 0 and 1") }
        return value
    }

    /// A list of single words, normalised like the text is.
    private static func words(_ r: TOMLReader, _ key: String) throws(TOMLError) -> [String] {
        var result: [String] = []
        for word in try r.strings(key) ?? [] {
            let tokens = Tokenizer.words(word)
            guard tokens.count == 1 else { throw r.error(key, "'\(word)' must be a single word") }
            result.append(tokens[0].text)
        }
        return result
    }

    private func compileClasses(into k: inout Knowledge) throws(TOMLError) {
        var names: [String: Int] = [:]
        for r in classes {
            try r.rejectUnknownKeys(allowed: ["name", "words"])
            let name = try r.requiredString("name")
            guard Self.isIdentifier(name), name != "actor" else {
                throw r.error("name", "class name '\(name)' must be lowercase letters, digits or _ (and not 'actor')")
            }
            guard names[name] == nil else { throw r.error("name", "class '\(name)' is defined twice") }
            names[name] = names.count
        }
        let parser = PatternParser(classes: names, allowComplex: false)
        for r in classes {
            let name = try r.requiredString("name")
            guard let words = try r.strings("words"), !words.isEmpty else {
                throw r.error("words", "class '\(name)' needs a non-empty words list")
            }
            var phrases: [[PatternElement]] = []
            for word in words {
                let phrase = try Self.compile(word, with: parser, reader: r, key: "words")
                phrases.append(k.vocabulary.resolve(phrase.elements))
            }
            k.classes.append(WordClass(name: name, phrases: phrases))
        }
    }

    private func compileActors(into k: inout Knowledge) throws(TOMLError) {
        var codes: Set<String> = []
        let loose = PatternParser(classes: [:], allowComplex: false)
        let exact = PatternParser(classes: [:], allowComplex: false, exactCase: true)
        for r in actors {
            try r.rejectUnknownKeys(allowed: ["code", "kind", "names", "exact"])
            let code = try r.requiredString("code")
            let wellFormed = code.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
            guard (2...6).contains(code.count), wellFormed else {
                throw r.error("code", "actor code '\(code)' must be 2 to 6 capital letters")
            }
            guard codes.insert(code).inserted else { throw r.error("code", "actor '\(code)' is defined twice") }
            let kind = try r.string("kind", default: "state")
            guard kind == "state" || kind == "organisation" else {
                throw r.error("kind", "kind must be \"state\" or \"organisation\"")
            }
            k.gazetteer.entries.append(Gazetteer.Entry(code: code, kind: kind))
            for (key, parser) in [("names", loose), ("exact", exact)] {
                for name in try r.strings(key) ?? [] {
                    let phrase = try Self.compile(name, with: parser, reader: r, key: key)
                    guard phrase.elements.allSatisfy({ !$0.optional }) else {
                        throw r.error(key, "actor name '\(name)' cannot have optional words")
                    }
                    k.gazetteer.add(name: phrase, code: code, vocabulary: &k.vocabulary)
                }
            }
        }
        for r in moreNames {
            try r.rejectUnknownKeys(allowed: ["code", "names", "exact"])
            let code = try r.requiredString("code")
            guard codes.contains(code) else { throw r.error("code", "no [[actor]] has the code '\(code)'") }
            for (key, parser) in [("names", loose), ("exact", exact)] {
                for name in try r.strings(key) ?? [] {
                    let phrase = try Self.compile(name, with: parser, reader: r, key: key)
                    k.gazetteer.add(name: phrase, code: code, vocabulary: &k.vocabulary)
                }
            }
        }
        for r in nonActors {
            try r.rejectUnknownKeys(allowed: ["names", "exact"])
            for (key, parser) in [("names", loose), ("exact", exact)] {
                for name in try r.strings(key) ?? [] {
                    let phrase = try Self.compile(name, with: parser, reader: r, key: key)
                    k.gazetteer.add(name: phrase, code: nil, vocabulary: &k.vocabulary)
                }
            }
        }
    }
}
