/// One word of an item, as the matcher sees it.
///
/// Words are lowercased and split at hyphens, so "test-fires" and "test fires" read alike;
/// `upper` remembers that the source spelled the word in capitals ("US", "U.S."), which lets
/// data files tell the country from the pronoun. Offsets point back into the source text so
/// that evidence can quote the words as they were written.
///
/// A plain value with no references inside (the lowercased letters live in
/// `TokenizedText.bytes`), so that copying tokens in the matcher's inner loop costs nothing.
struct Token: Sendable {
    /// Where the lowercased word lies in `TokenizedText.bytes`: dotted acronyms lose their dots
    /// ("U.S." -> "us"), possessive "'s" is dropped.
    var textStart: Int32
    var textEnd: Int32
    /// The source wrote the word in capitals (at least two letters) or as a dotted acronym.
    var upper: Bool
    /// The source word starts with a capital letter.
    var capitalized: Bool
    /// The word is all digits.
    var isNumber: Bool
    /// A four-digit number between 1900 and 2099.
    var isYear: Bool
    /// The word comes from the title.
    var inTitle: Bool
    /// Index of the sentence the word belongs to, counted over title then summary.
    var sentence: Int
    /// Index of the clause (stretch between commas, colons, dashes, brackets or sentence ends).
    var clause: Int
    /// UTF-8 offsets of the word in its source (title or summary).
    var start: Int
    var end: Int
    /// The word's number in the knowledge's vocabulary (-1: unknown), set by `Vocabulary.annotate`.
    var word: Int32 = -1
    /// Where the numbers of the stems this word starts with lie in `TokenizedText.stemPool`.
    var stems: Range<Int32> = 0..<0
}

/// An item turned into tokens once; everything else (actors, patterns, modality) reads this.
struct TokenizedText: Sendable {
    var tokens: [Token] = []
    /// Token index ranges, one per sentence, in order; title sentences come first.
    var sentences: [Range<Int>] = []
    /// The capped title and summary as UTF-8, for quoting evidence.
    var title: [UInt8] = []
    var summary: [UInt8] = []
    /// The lowercased words back to back (see `Token.textStart`).
    var bytes: [UInt8] = []
    /// Letters seen, and how many of them were outside ASCII (a cheap script check).
    var letters = 0
    var nonASCIILetters = 0
    /// Stem numbers of all tokens, back to back (see `Token.stems`).
    var stemPool: [Int32] = []

    /// The lowercased word of token `index`.
    func text(_ index: Int) -> String {
        let token = tokens[index]
        return String(decoding: bytes[Int(token.textStart)..<Int(token.textEnd)], as: UTF8.self)
    }

    /// All lowercased words, in order (for tests and messages).
    var words: [String] { tokens.indices.map { text($0) } }

    /// The words of tokens `range` as they appear in the source.
    func surface(_ range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let source = tokens[first].inTitle ? title : summary
        let start = tokens[first].start
        let end = tokens[last].inTitle == tokens[first].inTitle ? tokens[last].end : source.count
        return String(decoding: source[start..<max(start, end)], as: UTF8.self)
    }
}
