import Testing

@testable import Classifier

/// Gates skip phrases that cannot match in a sentence; they must never skip one that can.
@Suite("Phrase gates")
struct PhraseGateTests {
    private static let classDefinitions: [(String, [String])] = [
        ("say", ["said", "says", "told", "announced"]),
        ("missile", ["missile*", "ballistic missile*"]),
    ]

    private static let patterns = [
        "@actor *5 @say",
        "@actor *4 (in talks|to discuss|negotiat*)",
        "(in the past|a week ago)",
        "#num *2 (million|billion) *3 aid",
        "#num @missile",
        "missile test*",
        "(talks|meeting) with @actor",
        "the|a *2 summit",
        "@missile *3 test* *3 (failed|exploded)",
    ]

    private static let sentences = [
        "Seoul said on Monday it would respond",
        "Seoul and Tokyo are in talks over the dispute",
        "Seoul in the market for new jets",
        "In the past year the North fired 20 missiles",
        "A week ago Tokyo negotiated a truce",
        "Tokyo pledged 30 million dollars in aid",
        "Tokyo pledged 30 tanks and 2 ballistic missiles",
        "The missile tests drew talks with Seoul",
        "A summit is planned. The big summit in Seoul said nothing",
        "in in in a a the the of of",
        "The missile test on Monday failed, and another missile exploded",
        "One missile exploded at the test site",
    ]

    /// Compiles the test classes and patterns into a phrase set; phrase `i` carries tag `i`.
    private static func compile() throws -> (PhraseSet<Int>, [[PatternElement]], [WordClass], Vocabulary) {
        var vocabulary = Vocabulary()
        vocabulary.markCommon(["the", "a", "in", "of", "to", "and", "with"].map { vocabulary.intern(word: $0) })
        let atomParser = PatternParser(classes: [:], allowComplex: false)
        let classes = try classDefinitions.map { name, words in
            WordClass(name: name, phrases: try words.map { vocabulary.resolve(try atomParser.parse($0).elements) })
        }
        let names = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element.name, $0.offset) })
        let parser = PatternParser(classes: names, classPhrases: classes.map(\.phrases))
        var set = PhraseSet<Int>()
        var resolved: [[PatternElement]] = []
        for (index, pattern) in patterns.enumerated() {
            let phrase = try parser.parse(pattern)
            set.add(phrase, tag: index, classes: classes, vocabulary: &vocabulary)
            resolved.append(vocabulary.resolve(phrase.elements))
        }
        vocabulary.seal()
        return (set, resolved, classes, vocabulary)
    }

    /// Actor names for the test sentences: the capitalised city names.
    private static func actorEnds(_ text: TokenizedText) -> [Int] {
        text.tokens.indices.map { ["seoul", "tokyo"].contains(text.text($0)) ? $0 + 1 : -1 }
    }

    @Test("the gated scan finds exactly the matches of trying every phrase at every token")
    func sameAsExhaustiveSearch() throws {
        let (set, phrases, classes, vocabulary) = try Self.compile()
        var compared = 0
        for sentence in Self.sentences {
            var text = Tokenizer.tokenize(title: "", summary: sentence)
            vocabulary.annotate(&text)
            let matcher = PhraseMatcher(
                tokens: text.tokens, stemPool: text.stemPool, classes: classes, actorEnds: Self.actorEnds(text))
            var expected: [String] = []
            for range in text.sentences {
                for start in range {
                    for (index, phrase) in phrases.enumerated() {
                        // The tree matcher walks the uncompiled phrase: an independent search.
                        if let end = matcher.match(phrase, at: start, limit: range.upperBound), end > start {
                            expected.append("\(index)@\(start)..<\(end)")
                        }
                    }
                }
            }
            let found = set.scan(text, matcher: matcher).map { "\($0.tag)@\($0.range)" }
            #expect(found.sorted() == expected.sorted(), "\(sentence)")
            compared += expected.count
        }
        // The sentences were written so that most phrases match somewhere: the comparison is not vacuous.
        #expect(compared >= 10)
    }

    @Test("a phrase waits for every required word after its first, and for a rarer first word than its index key")
    func whichPhrasesAreGated() throws {
        let (set, _, _, _) = try Self.compile()
        let ungated = Self.patterns.indices.filter { !set.isGated($0) }.map { Self.patterns[$0] }
        // "#num @missile" waits for a missile word; "missile test*" for "test"; only a phrase of
        // one rare element, or of a first element whose words are its own best anchor, needs no gate.
        #expect(ungated.isEmpty, "\(ungated)")
    }

    @Test("a sentence holding only some of a phrase's required words does not open it")
    func allAnchorsAreNeeded() throws {
        let (set, _, _, vocabulary) = try Self.compile()
        let phrase = try #require(Self.patterns.firstIndex(of: "@missile *3 test* *3 (failed|exploded)"))
        func isOpen(_ sentence: String) -> Bool {
            var text = Tokenizer.tokenize(title: "", summary: sentence)
            vocabulary.annotate(&text)
            return set.openPhrases(in: text, sentence: 0).contains(phrase)
        }
        #expect(isOpen("The missile test on Monday failed"))
        #expect(isOpen("Failed: a test, then a missile"))  // the gate knows words, not their order
        // Each sentence lacks one required word after the first.
        #expect(!isOpen("The missile on Monday failed"))
        #expect(!isOpen("The missile test on Monday was a success"))
        // The first word is the index's business: without it the phrase is never a candidate.
        #expect(isOpen("The test on Monday failed"))
    }
}
