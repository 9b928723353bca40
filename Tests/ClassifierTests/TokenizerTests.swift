import Testing

@testable import Classifier

@Suite("Tokenizer")
struct TokenizerTests {
    private func words(_ text: String) -> [String] {
        Tokenizer.tokenize(title: text, summary: "").words
    }

    @Test("lowercases, splits hyphens and drops possessive 's")
    func basicWords() {
        #expect(words("Pyongyang's Test-Fires of KN-23") == ["pyongyang", "test", "fires", "of", "kn", "23"])
        #expect(words("the allies' drills") == ["the", "allies", "drills"])
        #expect(words("didn't launch") == ["didn't", "launch"])
    }

    @Test("dotted acronyms join and remember capitals; lowercase 'us' does not")
    func acronyms() {
        let text = Tokenizer.tokenize(title: "U.S. envoy tells us the U.N. will meet; US agrees", summary: "")
        let tokens = text.tokens
        #expect(text.text(0) == "us" && tokens[0].upper)
        #expect(text.text(3) == "us" && !tokens[3].upper)
        #expect(text.text(5) == "un" && tokens[5].upper)
        #expect(tokens.indices.last(where: { text.text($0) == "us" }).map { tokens[$0].upper } == true)
    }

    @Test("sentences end at full stops but not after abbreviations, initials or before lower case")
    func sentences() {
        let text = Tokenizer.tokenize(
            title: "Headline here",
            summary: "Gen. Park met N. Korean envoys on Dec. 3 in Seoul. They talked; nothing else. the end"
        )
        let sentenceWords = text.sentences.map { range in range.map { text.text($0) }.joined(separator: " ") }
        #expect(sentenceWords == [
            "headline here",
            "gen park met n korean envoys on dec 3 in seoul",
            "they talked",
            "nothing else the end",
        ])
    }

    @Test("commas, colons and dashes start a new clause; markup and entities are skipped")
    func clausesAndMarkup() {
        let text = Tokenizer.tokenize(title: "", summary: "<p>Seoul said &amp; added: troops \u{2014} moved</p>")
        #expect(text.words == ["seoul", "said", "added", "troops", "moved"])
        let clauses = text.tokens.map(\.clause)
        #expect(clauses[1] == clauses[2])
        #expect(clauses[2] != clauses[3])
        #expect(clauses[3] != clauses[4])
    }

    @Test("surface text quotes the words exactly as written")
    func surface() {
        let text = Tokenizer.tokenize(title: "North Korea test-fires an ICBM", summary: "")
        #expect(text.surface(2..<6) == "test-fires an ICBM")
    }

    @Test("counts letters outside ASCII for the script check")
    func scriptCount() {
        let text = Tokenizer.tokenize(title: "北朝鮮がミサイル発射", summary: "")
        #expect(text.letters > 0)
        #expect(text.nonASCIILetters == text.letters)
    }

    @Test("Chinese characters and kana are one token each; their punctuation ends sentences")
    func characterScripts() {
        let text = Tokenizer.tokenize(title: "日本海に発射。次の文", summary: "")
        #expect(text.words == ["日", "本", "海", "に", "発", "射", "次", "の", "文"])
        #expect(text.sentences.count == 2)
        #expect(text.surface(0..<3) == "日本海")
    }

    @Test("letter-like symbols, stray bytes and odd punctuation never stall the scan", arguments: [
        "King Carl \u{2169}\u{2165} Gustaf sent greetings.", "\u{2019}\u{2019}x\u{2019}s \u{2026} \u{FFFD}",
        "A.B.C. \u{2160}.\u{2161}. e\u{301}te\u{301} <b & ;", String(repeating: "\u{2163}\u{2019}.", count: 500),
    ])
    func noStall(text: String) {
        let start = ContinuousClock.now
        let result = Tokenizer.tokenize(title: text, summary: text)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.tokens.allSatisfy { $0.start < $0.end })
    }

    @Test("possessives and curly apostrophes read like straight ones")
    func apostrophes() {
        #expect(words("Seoul\u{2019}s envoy didn\u{2019}t go") == ["seoul", "envoy", "didn't", "go"])
    }
}
