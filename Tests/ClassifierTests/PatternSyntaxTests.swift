import Testing

@testable import Classifier

@Suite("Pattern syntax and matching")
struct PatternSyntaxTests {
    /// Classes available to the patterns below.
    private static let classDefinitions: [(String, [String])] = [
        ("missile", ["missile*", "ballistic missile*", "icbm*"]),
        ("ship", ["warship*", "coast guard vessel*"]),
    ]

    /// Compiles the test classes into `vocabulary`, as the knowledge loader does.
    private static func classes(_ vocabulary: inout Vocabulary) -> [WordClass] {
        let parser = PatternParser(classes: [:], allowComplex: false)
        return classDefinitions.map { name, words in
            WordClass(name: name, phrases: words.map { vocabulary.resolve(try! parser.parse($0).elements) })
        }
    }

    private static func parser(_ classes: [WordClass]) -> PatternParser {
        let names = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element.name, $0.offset) })
        return PatternParser(classes: names, classPhrases: classes.map(\.phrases))
    }

    private static var parser: PatternParser {
        var vocabulary = Vocabulary()
        return parser(classes(&vocabulary))
    }

    /// The words each match of `pattern` covers in `text` (title only).
    private func matches(_ pattern: String, in text: String, actors: [Range<Int>] = []) throws -> [String] {
        var vocabulary = Vocabulary()
        let classes = Self.classes(&vocabulary)
        let phrase = try Self.parser(classes).parse(pattern)
        var set = PhraseSet<Int>()
        set.add(phrase, tag: 0, classes: classes, vocabulary: &vocabulary)
        var tokens = Tokenizer.tokenize(title: text, summary: "")
        vocabulary.annotate(&tokens)
        var actorEnds = [Int](repeating: -1, count: tokens.tokens.count)
        for range in actors { actorEnds[range.lowerBound] = range.upperBound }
        let matcher = PhraseMatcher(
            tokens: tokens.tokens, stemPool: tokens.stemPool, classes: classes, actorEnds: actorEnds)
        return set.scan(tokens, matcher: matcher).map { tokens.surface($0.range) }
    }

    private func syntaxError(_ pattern: String) -> String? {
        do {
            _ = try Self.parser.parse(pattern)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("words match in any case; stems match word starts")
    func wordsAndStems() throws {
        #expect(try matches("fire* missile", in: "North FIRED Missile") == ["FIRED Missile"])
        #expect(try matches("fire* missile", in: "the fire missile") == ["fire missile"])
        #expect(try matches("launch missile", in: "launched missile").isEmpty)
    }

    @Test("alternatives, phrase groups and classes")
    func alternatives() throws {
        #expect(try matches("fired|launched @missile", in: "it launched an ICBM").isEmpty)
        #expect(try matches("fired|launched @missile", in: "it launched ICBMs") == ["launched ICBMs"])
        #expect(try matches("(launch pad|test site)", in: "work at the test site") == ["test site"])
        #expect(try matches("rammed @ship|(fishing boat)", in: "they rammed a fishing boat").isEmpty)
        #expect(
            try matches("rammed a @ship|(fishing boat)", in: "they rammed a fishing boat") == ["rammed a fishing boat"])
        #expect(try matches("seized @ship", in: "seized coast guard vessels") == ["seized coast guard vessels"])
    }

    @Test("a class prefers its longest phrase")
    func longestClassPhrase() throws {
        #expect(try matches("fired @missile", in: "fired ballistic missiles") == ["fired ballistic missiles"])
    }

    @Test("gaps allow up to N words and never cross a sentence end")
    func gaps() throws {
        #expect(
            try matches("fire* * @missile", in: "fired two short-range missiles") == ["fired two short-range missiles"])
        #expect(try matches("fire* *1 @missile", in: "fired two short-range missiles").isEmpty)
        #expect(try matches("fire* *5 missile", in: "They fired. A missile appeared").isEmpty)
    }

    @Test("optional elements may be absent")
    func optional() throws {
        #expect(try matches("test? fire* missile", in: "test fired missile").first == "test fired missile")
        #expect(try matches("test? fire* missile", in: "fired missile") == ["fired missile"])
    }

    @Test("numbers, years, capitals and hyphenated words")
    func specialWords() throws {
        #expect(try matches("since #year", in: "since 2006 and since 12") == ["since 2006"])
        #expect(try matches("kn #num", in: "a KN-23 flew") == ["KN-23"])
        #expect(try matches("US envoy", in: "a US envoy and us envoy") == ["US envoy"])
        #expect(try matches("US envoy", in: "the U.S. envoy") == ["U.S. envoy"])
        #expect(try matches("test-fire*", in: "it test fires and test-fired") == ["test fires", "test-fired"])
    }

    @Test("@actor matches gazetteer spans handed to the matcher")
    func actorSlot() throws {
        #expect(
            try matches("@actor strikes", in: "North Korea strikes back", actors: [0..<2]) == ["North Korea strikes"])
        #expect(try matches("near|@actor", in: "drills near Taiwan", actors: [2..<3]) == ["near", "Taiwan"])
    }

    @Test("bad syntax is refused with a reason", arguments: [
        ("", "empty"), ("* missile", "starts with a gap"), ("missile *", "ends with a gap"),
        ("fire* * *2 missile", "two gaps"), ("fire* *12 missile", "bad gap"), ("@nosuch missile", "unknown class"),
        ("(launch pad", "unclosed"), ("launch pad)", "unbalanced"), ("f* missile", "stem too short"),
        ("fire [missile]", "unexpected character"), ("a||b", "empty alternative"), ("missile? *", "ends with a gap"),
        ("(a (b))", "nest"), ("x*y", "may only end"),
    ])
    func badSyntax(pattern: String, reason: String) {
        let message = syntaxError(pattern)
        #expect(message?.contains(reason) == true, "\(pattern): \(message ?? "accepted")")
    }
}
