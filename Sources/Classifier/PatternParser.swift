/// Compiles the pattern language of the data files into `PatternElement`s.
///
/// The language, space-separated elements matched left to right against consecutive tokens:
///
/// | element | matches |
/// | --- | --- |
/// | `missile` | that word (case-insensitive; a word written in capitals, `US`, matches only capitals) |
/// | `fire*` | any word starting with `fire` (at least two letters before the star) |
/// | `(launch pad)` | the phrase, as one element |
/// | `fire*\|firing\|@rocket\|(test site)` | any of the alternatives: words, stems, classes, phrases, `@actor` |
/// | `@missile` | any phrase of the class `missile` from the lexicon; `@actor` is any gazetteer name |
/// | `*` / `*N` | a gap of 0 to 3 / 0 to N words (N in 1...9), never at either end |
/// | `word?` | an optional element (also `@class?`, `a\|b?`, `(a b)?`) |
/// | `#num` / `#year` | an all-digit word / a year 1900-2099 |
///
/// Hyphenated words split like the text does ("test-fire*" is "test" then "fire*").
/// Matches never cross a sentence boundary.
struct PatternParser {
    /// Class name -> index; `actor` is reserved for the gazetteer.
    var classes: [String: Int]
    /// Phrases of each class, by index, to expand classes used inside alternatives.
    var classPhrases: [[[PatternElement]]] = []
    /// Classes may not contain gaps or other classes (their phrases stay simple and fast).
    var allowComplex = true
    /// Capitalised words demand a capital in the source too (gazetteer `exact` names).
    var exactCase = false

    struct SyntaxError: Error {
        var message: String
    }

    func parse(_ source: String) throws(SyntaxError) -> PhrasePattern {
        var elements: [PatternElement] = []
        let pieces = try split(source, at: " ")
        guard !pieces.isEmpty else { throw SyntaxError(message: "empty pattern") }
        for piece in pieces {
            elements.append(contentsOf: try parsePiece(piece, source: source))
        }
        try check(elements, source: source)
        return PhrasePattern(elements: elements, source: source)
    }

    /// Splits at `separator` outside parentheses; spaces inside parentheses stay.
    private func split(_ text: String, at separator: Character) throws(SyntaxError) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(":
                guard depth == 0 else { throw SyntaxError(message: "groups cannot nest: '\(text)'") }
                depth = 1
                current.append(character)
            case ")":
                guard depth == 1 else { throw SyntaxError(message: "unbalanced ')' in '\(text)'") }
                depth = 0
                current.append(character)
            case separator where depth == 0, "\t" where depth == 0 && separator == " ":
                if separator != " " || !current.isEmpty {
                    pieces.append(current)
                    current = ""
                }
            default:
                current.append(character == "\t" ? " " : character)
            }
        }
        guard depth == 0 else { throw SyntaxError(message: "unclosed '(' in '\(text)'") }
        if separator != " " || !current.isEmpty { pieces.append(current) }
        return pieces
    }

    private func parsePiece(_ raw: String, source: String) throws(SyntaxError) -> [PatternElement] {
        var piece = raw
        var optional = false
        if piece.count > 1, piece.hasSuffix("?") {
            optional = true
            piece.removeLast()
        }
        if piece.first == "*" {
            guard !optional else { throw SyntaxError(message: "a gap cannot be optional: '\(raw)'") }
            guard allowComplex else { throw SyntaxError(message: "gaps are not allowed in a class: '\(raw)'") }
            let digits = piece.dropFirst()
            if digits.isEmpty { return [PatternElement(kind: .gap(3))] }
            guard let n = Int(digits), (1...9).contains(n) else {
                throw SyntaxError(message: "bad gap '\(raw)': write * or *N with N from 1 to 9")
            }
            return [PatternElement(kind: .gap(n))]
        }
        let alternatives = try split(piece, at: "|")
        if alternatives.count == 1, piece.first == "@" {
            let name = String(piece.dropFirst())
            guard allowComplex else { throw SyntaxError(message: "classes cannot contain classes: '\(raw)'") }
            if name == "actor" { return [PatternElement(kind: .actor, optional: optional)] }
            guard let index = classes[name] else { throw SyntaxError(message: "unknown class @\(name)") }
            return [PatternElement(kind: .wordClass(index), optional: optional)]
        }
        if alternatives.count == 1, piece.first != "(" {
            let atoms = try atomWords(piece, whole: raw)
            if optional && atoms.count > 1 {
                throw SyntaxError(message: "'\(raw)': only a single word can be optional")
            }
            return atoms.map { PatternElement(kind: .atom($0), optional: optional) }
        }
        var phrases: [[PatternElement]] = []
        var orActor = false
        for alternative in alternatives {
            if alternative == "@actor" {
                guard allowComplex else { throw SyntaxError(message: "classes cannot contain @actor: '\(raw)'") }
                orActor = true
                continue
            }
            phrases.append(contentsOf: try options(alternative, whole: raw))
        }
        let singles = phrases.compactMap { phrase -> Atom? in
            guard phrase.count == 1, case .atom(let atom) = phrase[0].kind else { return nil }
            return atom
        }
        if singles.count == phrases.count && !orActor {
            return [PatternElement(kind: .atoms(singles), optional: optional)]
        }
        return [PatternElement(kind: .group(phrases, orActor: orActor), optional: optional)]
    }

    /// One alternative of a `|` list -> the phrases it stands for.
    private func options(_ alternative: String, whole: String) throws(SyntaxError) -> [[PatternElement]] {
        guard !alternative.isEmpty else { throw SyntaxError(message: "empty alternative in '\(whole)'") }
        if alternative.first == "@" {
            let name = String(alternative.dropFirst())
            guard allowComplex else { throw SyntaxError(message: "classes cannot contain classes: '\(whole)'") }
            guard let index = classes[name], index < classPhrases.count else {
                throw SyntaxError(message: "unknown class @\(name)")
            }
            return classPhrases[index]
        }
        if alternative.first == "(" {
            guard alternative.last == ")" else { throw SyntaxError(message: "a group must end a word: '\(whole)'") }
            var phrases: [[PatternElement]] = []
            let body = String(alternative.dropFirst().dropLast())
            for inner in body.split(separator: "|", omittingEmptySubsequences: false) {
                let words = inner.split(separator: " ")
                guard !words.isEmpty else { throw SyntaxError(message: "empty alternative in '\(whole)'") }
                var phrase: [PatternElement] = []
                for word in words {
                    phrase += try atomWords(String(word), whole: whole).map { PatternElement(kind: .atom($0)) }
                }
                phrases.append(phrase)
            }
            return phrases
        }
        return [try atomWords(alternative, whole: whole).map { PatternElement(kind: .atom($0)) }]
    }

    /// One written word -> its atoms (several when it splits at hyphens).
    private func atomWords(_ word: String, whole: String) throws(SyntaxError) -> [Atom] {
        if word == "#num" { return [.number] }
        if word == "#year" { return [.year] }
        guard !word.isEmpty else { throw SyntaxError(message: "empty alternative in '\(whole)'") }
        let allowed = word.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || "-'.*\u{2019}".unicodeScalars.contains($0)
        }
        guard allowed else { throw SyntaxError(message: "unexpected character in '\(whole)'") }
        let isPrefix = word.hasSuffix("*")
        let body = isPrefix ? String(word.dropLast()) : word
        guard !body.contains("*") else { throw SyntaxError(message: "'*' may only end a word: '\(whole)'") }
        let tokens = Tokenizer.words(body)
        guard !tokens.isEmpty else { throw SyntaxError(message: "no word in '\(whole)'") }
        var atoms = tokens.map { token in
            Atom.word(token.text, token.upper ? .upper : (exactCase && token.capitalized ? .capital : .any))
        }
        if isPrefix {
            let stem = tokens[tokens.count - 1].text
            guard stem.count >= 2 else {
                throw SyntaxError(message: "stem too short in '\(whole)' (two letters at least)")
            }
            atoms[atoms.count - 1] = .prefix(stem)
        }
        return atoms
    }

    private func check(_ elements: [PatternElement], source: String) throws(SyntaxError) {
        if case .gap = elements.first?.kind { throw SyntaxError(message: "'\(source)' starts with a gap") }
        if case .gap = elements.last?.kind { throw SyntaxError(message: "'\(source)' ends with a gap") }
        var previousWasGap = false
        for element in elements {
            let isGap: Bool
            if case .gap = element.kind { isGap = true } else { isGap = false }
            if isGap && previousWasGap { throw SyntaxError(message: "'\(source)' has two gaps in a row") }
            previousWasGap = isGap
        }
        if elements.allSatisfy({ element in
            if case .gap = element.kind { return true }
            return element.optional
        }) {
            throw SyntaxError(message: "'\(source)' has no required word")
        }
    }
}
