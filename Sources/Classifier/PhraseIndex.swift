/// Finds, for a token, the patterns that can start there, without trying every pattern.
///
/// Why: an item has ~60 tokens and the knowledge ~1,000 phrases; trying each phrase at each
/// token would cost 60,000 attempts per item. Instead every phrase is filed under the word and
/// stem numbers (see `Vocabulary`) its first element can match, numbers and `@actor` starts in
/// lists. A lookup returns a handful of candidates that the matcher then checks in full.
/// Phrases must be numbered (`Vocabulary.resolve`) before they are added.
struct PhraseIndex: Sendable {
    /// Phrase ids by word number and by stem number (arrays indexed by number: no hashing).
    private var exact: [[Int]] = []
    private var stems: [[Int]] = []
    private var numeric: [Int] = []
    private var actorStart: [Int] = []

    /// Files phrase `id` (an index into the caller's own table) under its possible first tokens.
    mutating func add(_ elements: [PatternElement], id: Int, classes: [WordClass]) {
        var startsWithActor = false
        for atom in Self.firstAtoms(elements, classes: classes, actor: &startsWithActor) {
            switch atom {
            case .known(let word, _):
                Self.file(id, under: word, in: &exact)
            case .stem(let stem):
                Self.file(id, under: stem, in: &stems)
            case .number, .year:
                numeric.append(id)
            case .word, .prefix:
                preconditionFailure("phrases must be numbered before indexing")
            }
        }
        if startsWithActor { actorStart.append(id) }
    }

    /// Calls `body` with each candidate phrase id for a phrase starting at `token`; `actorHere` says
    /// whether an actor name starts there. Ids may repeat when a phrase is filed under several keys;
    /// callers dedupe if it matters. Lists are read in place: nothing is copied per token.
    @inline(__always)
    func forEachCandidate(for token: Token, stemPool: [Int32], actorHere: Bool, _ body: (Int) -> Void) {
        if token.word >= 0, Int(token.word) < exact.count {
            for id in exact[Int(token.word)] { body(id) }
        }
        for index in token.stems {
            let stem = Int(stemPool[Int(index)])
            if stem < stems.count {
                for id in stems[stem] { body(id) }
            }
        }
        if token.isNumber { for id in numeric { body(id) } }
        if actorHere { for id in actorStart { body(id) } }
    }

    private static func file(_ id: Int, under number: Int32, in table: inout [[Int]]) {
        let slot = Int(number)
        if slot >= table.count { table += Array(repeating: [], count: slot + 1 - table.count) }
        table[slot].append(id)
    }

    /// The atoms that can match the first token of a phrase, following optional leading elements;
    /// `actor` becomes true when an actor name can start it.
    static func firstAtoms(
        _ elements: [PatternElement], classes: [WordClass], actor: inout Bool
    ) -> [Atom] {
        var atoms: [Atom] = []
        for element in elements {
            switch element.kind {
            case .atom(let atom):
                atoms.append(atom)
            case .atoms(let alternatives):
                atoms.append(contentsOf: alternatives)
            case .wordClass(let index):
                for phrase in classes[index].phrases {
                    atoms.append(contentsOf: firstAtoms(phrase, classes: classes, actor: &actor))
                }
            case .group(let phrases, let orActor):
                if orActor { actor = true }
                for phrase in phrases {
                    atoms.append(contentsOf: firstAtoms(phrase, classes: classes, actor: &actor))
                }
            case .actor:
                actor = true
            case .gap:
                continue
            }
            if !element.optional { break }
        }
        return atoms
    }
}
