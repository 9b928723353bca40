import Testing

@testable import Classifier

@Suite("Tokenizer")
struct TokenizerTests {
    private func words(_ text: String) -> [String] {
        Tokenizer.tokenize(title: text, summary: "").tokens.map(\.text)
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
        #expect(tokens[0].text == "us" && tokens[0].upper)
        #expect(tokens[3].text == "us" && !tokens[3].upper)
        #expect(tokens[5].text == "un" && tokens[5].upper)
        #expect(tokens.last(where: { $0.text == "us" })?.upper == true)
    }

    @Test("sentences end at full stops but not after abbreviations, initials or before lower case")
    func sentences() {
        let text = Tokenizer.tokenize(
            title: "Headline here",
            summary: "Gen. Park met N. Korean envoys on Dec. 3 in Seoul. They talked; nothing else. the end"
        )
        let sentenceWords = text.sentences.map { range in range.map { text.tokens[$0].text }.joined(separator: " ") }
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
        #expect(text.tokens.map(\.text) == ["seoul", "said", "added", "troops", "moved"])
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
}
