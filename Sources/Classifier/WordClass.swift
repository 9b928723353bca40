/// A named set of phrases from the lexicon; `@name` in a pattern matches any of them.
struct WordClass: Sendable {
    var name: String
    /// Each phrase is a short run of atom elements (no gaps, no classes), longest first.
    var phrases: [[PatternElement]]
    /// Words and stems a phrase can start with.
    var filter: FirstWordFilter

    init(name: String, phrases: [[PatternElement]]) {
        self.name = name
        self.phrases = phrases.enumerated()
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }
            .map(\.element)
        self.filter = FirstWordFilter(phrases)
    }
}

/// A quick test of whether any of some phrases can start at a token: a set lookup for the
/// token's word number and one per stem it starts with, without allocating.
struct FirstWordFilter: Sendable {
    private var words = BitSet()
    private var stems = BitSet()
    private var anyNumber = false

    init(_ phrases: [[PatternElement]]) {
        for phrase in phrases {
            for atom in Self.firstAtoms(phrase) {
                switch atom {
                case .known(let id, _): words.insert(id)
                case .stem(let id): stems.insert(id)
                case .word, .prefix: break  // never match (see `Atom.matches`)
                case .number, .year: anyNumber = true
                }
            }
        }
    }

    @inline(__always)
    func mayStart<Pool: RandomAccessCollection<Int32>>(_ token: Token, stemPool: Pool) -> Bool where Pool.Index == Int {
        if words.contains(token.word) { return true }
        if anyNumber && token.isNumber { return true }
        for index in token.stems where stems.contains(stemPool[Int(index)]) { return true }
        return false
    }

    /// Atoms of the first element, following optional ones (class phrases hold atoms only).
    private static func firstAtoms(_ phrase: [PatternElement]) -> [Atom] {
        var atoms: [Atom] = []
        for element in phrase {
            switch element.kind {
            case .atom(let atom): atoms.append(atom)
            case .atoms(let alternatives): atoms += alternatives
            case .group(let phrases, _): atoms += phrases.flatMap { firstAtoms($0) }
            case .wordClass, .actor, .gap: break
            }
            if !element.optional { break }
        }
        return atoms
    }
}
