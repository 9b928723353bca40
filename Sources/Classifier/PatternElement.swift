/// How strictly a word must match the source's letter case.
enum LetterCase: Sendable, Hashable {
    /// Any case (the default for lowercase pattern words).
    case any
    /// Written in capitals or as a dotted acronym ("US", "U.S.", not "us").
    case upper
    /// Starting with a capital ("Moon" the president, not "moon"); used by the gazetteer's `exact` names.
    case capital
}

/// A test on a single token: the smallest piece of the pattern language.
enum Atom: Sendable, Hashable {
    /// The exact word, with the letter case it demands.
    case word(String, LetterCase)
    /// Any word starting with the stem ("fire*" matches fire, fires, fired).
    case prefix(String)
    /// Any all-digit token (`#num`).
    case number
    /// A four-digit year 1900-2099 (`#year`).
    case year
    /// A word by its vocabulary number (what `.word` becomes once the knowledge is compiled).
    case known(Int32, LetterCase)
    /// A stem by its vocabulary number (what `.prefix` becomes).
    case stem(Int32)

    /// Whether the atom matches `token`; numbered stems look into `stemPool`. Atoms still
    /// spelled as text (`.word`, `.prefix`) never match: phrases are numbered by
    /// `Vocabulary.resolve` before any matching, so that matching compares integers only.
    @inline(__always)
    func matches(_ token: Token, stemPool: [Int32]) -> Bool {
        switch self {
        case .known(let id, let letterCase):
            guard token.word == id else { return false }
            switch letterCase {
            case .any: return true
            case .upper: return token.upper
            case .capital: return token.capitalized
            }
        case .stem(let id):
            var index = token.stems.lowerBound
            while index < token.stems.upperBound {
                if stemPool[Int(index)] == id { return true }
                index += 1
            }
            return false
        case .number:
            return token.isNumber
        case .year:
            return token.isYear
        case .word, .prefix:
            return false
        }
    }
}

/// One position of a phrase pattern.
struct PatternElement: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// One token matching the atom (`fire*`); the common case, kept apart for speed.
        case atom(Atom)
        /// One token matching any of the atoms (`fire*|firing`).
        case atoms([Atom])
        /// Any phrase of a word class from the lexicon (`@missile`), by index into `Knowledge.classes`.
        case wordClass(Int)
        /// Any of a few inline phrases (`(launch pad|test site)`), each a run of atom elements,
        /// or (when `orActor`) an actor name (`near|@actor`).
        case group([[PatternElement]], orActor: Bool)
        /// Any actor name from the gazetteer (`@actor`).
        case actor
        /// Zero to `n` arbitrary tokens (`*`, `*5`).
        case gap(Int)
    }

    var kind: Kind
    /// The element may be skipped (`word?`).
    var optional: Bool = false
}

/// A compiled phrase pattern plus the text it was written as (for messages and tests).
struct PhrasePattern: Sendable {
    var elements: [PatternElement]
    var source: String
}
