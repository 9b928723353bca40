/// Names of states and international bodies: who acts in an item.
///
/// Every entry maps a code (ISO 3166 alpha-2 for states, a short code such as UN or NATO for
/// organisations) to the ways the news names it: the country, demonyms, the capital used as a
/// metonym, leaders, ministries and forces, state media. A name may belong to several codes
/// ("inter-Korean"). Lookup is greedy and longest-first from left to right, so "North Korea"
/// wins over "Korea" and "South Korean" over "Korean".
struct Gazetteer: Sendable {
    struct Entry: Sendable {
        var code: String
        /// "state" or "organisation" (free text in the data, shown to readers).
        var kind: String
    }

    /// An actor name found in the text.
    struct Mention: Sendable {
        var codes: [String]
        var range: Range<Int>
    }

    var entries: [Entry] = []
    /// Each name's op range in `program`, and the codes it stands for.
    private(set) var names: [Range<Int32>] = []
    private(set) var nameCodes: [[String]] = []
    private var program = MatchProgram()
    private var index = PhraseIndex()
    private var nameIDs: [[PatternElement]: Int] = [:]

    /// Adds a name for `code`; a name already known for another code gains this code too.
    /// A nil code makes a non-actor: a phrase that hides the names inside it ("Latin America"
    /// is not America, "Washington Post" not the government).
    mutating func add(name phrase: PhrasePattern, code: String?, vocabulary: inout Vocabulary) {
        let elements = vocabulary.resolve(phrase.elements)
        if let id = nameIDs[elements] {
            if let code, !nameCodes[id].contains(code) { nameCodes[id].append(code) }
            return
        }
        let id = names.count
        nameIDs[elements] = id
        names.append(program.add(elements, classes: []))
        nameCodes.append(code.map { [$0] } ?? [])
        index.add(elements, id: id, classes: [])
    }

    /// Actor names in the text, left to right, longest name first at each position.
    func mentions(in text: TokenizedText) -> [Mention] {
        PhraseMatcher(tokens: text.tokens, stemPool: text.stemPool, classes: [], actorEnds: [])
            .withWalker(program) { mentions(in: text, walker: $0) }
    }

    private func mentions(in text: TokenizedText, walker: PhraseMatcher.Walker) -> [Mention] {
        var found: [Mention] = []
        for sentence in text.sentences {
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                var best: (end: Int, id: Int)?
                index.forEachCandidate(for: text.tokens[i], stemPool: text.stemPool, actorHere: false) { id in
                    if let end = walker.match(names[id], at: i, limit: sentence.upperBound), end > (best?.end ?? i) {
                        best = (end, id)
                    }
                }
                if let best {
                    if !nameCodes[best.id].isEmpty {
                        found.append(Mention(codes: nameCodes[best.id], range: i..<best.end))
                    }
                    i = best.end
                } else {
                    i += 1
                }
            }
        }
        return found
    }
}
