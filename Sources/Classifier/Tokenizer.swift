/// Splits a title and a summary into tokens, sentences and clauses in one pass over their scalars.
///
/// Why hand-written and not a regex or NLP library: it runs once per item and must be fast and
/// predictable. The rules are few: letters and digits make words; an apostrophe inside a word
/// stays ("didn't") but a possessive "'s" goes; hyphens split words; dotted single letters join
/// into acronyms ("U.N." -> "un", marked upper case); `.`, `!`, `?` end a sentence unless they
/// follow an abbreviation or initial or the next word starts in lower case; `;` and line breaks
/// end a sentence too; commas, colons, dashes and brackets end a clause. Markup (`<p>`, `&amp;`)
/// is skipped. Pattern words in data files go through the same rules, so both sides agree.
enum Tokenizer {
    /// Words after which a full stop does not end the sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "maj", "capt", "cmdr", "adm", "rep", "sen", "gov",
        "prof", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig", "rev", "pres",
    ]

    static func tokenize(title: String, summary: String) -> TokenizedText {
        var result = TokenizedText()
        result.title = Array(title.unicodeScalars)
        result.summary = Array(summary.unicodeScalars)
        var state = State()
        scan(result.title, inTitle: true, into: &result, state: &state)
        state.endSentence(&result)
        scan(result.summary, inTitle: false, into: &result, state: &state)
        state.endSentence(&result)
        return result
    }

    /// The words of a data-file phrase, with their upper-case flags.
    static func words(_ phrase: String) -> [Token] {
        tokenize(title: phrase, summary: "").tokens
    }

    private struct State {
        var sentence = 0
        var clause = 0
        var sentenceStart = 0

        mutating func endSentence(_ result: inout TokenizedText) {
            let count = result.tokens.count
            if count > sentenceStart {
                result.sentences.append(sentenceStart..<count)
                sentence += 1
                clause += 1
            }
            sentenceStart = count
        }

        mutating func endClause(_ result: inout TokenizedText) {
            if let last = result.tokens.last, last.clause == clause { clause += 1 }
        }
    }

    private static func scan(
        _ s: [Unicode.Scalar], inTitle: Bool, into result: inout TokenizedText, state: inout State
    ) {
        var i = 0
        while i < s.count {
            let c = s[i]
            if isWordScalar(c) {
                i = readWord(s, from: i, inTitle: inTitle, into: &result, state: state)
                continue
            }
            switch c {
            case "<":
                if let close = markupEnd(s, from: i) { i = close + 1; continue }
            case "&":
                if let close = entityEnd(s, from: i) { i = close + 1; continue }
            case ".", "!", "?":
                if endsSentence(s, at: i, result: result) { state.endSentence(&result) }
            case ";", "\n", "\r", "\u{2029}":
                state.endSentence(&result)
            case ",", ":", "(", ")", "[", "]", "\u{2013}", "\u{2014}", "\"", "\u{201C}", "\u{201D}", "|":
                state.endClause(&result)
            default:
                break
            }
            i += 1
        }
    }

    /// Reads one word (or dotted acronym) starting at `start`; returns the index after it.
    private static func readWord(
        _ s: [Unicode.Scalar], from start: Int, inTitle: Bool, into result: inout TokenizedText, state: State
    ) -> Int {
        var i = start
        var text = String.UnicodeScalarView()
        var upperLetters = 0
        var lowerLetters = 0
        var digits = 0
        var acronym = false
        var segment = 0
        var capitalized = false
        while i < s.count {
            let c = s[i]
            if isWordScalar(c) {
                segment += 1
                if c.isASCII, c.value >= 0x41, c.value <= 0x5A {
                    if i == start { capitalized = true }
                    result.letters += 1
                    upperLetters += 1
                    text.append(Unicode.Scalar(UInt8(c.value) | 0x20))
                } else if c.isASCII, c.value >= 0x61 {
                    result.letters += 1
                    lowerLetters += 1
                    text.append(c)
                } else if c.properties.isAlphabetic {
                    result.letters += 1
                    if !c.isASCII { result.nonASCIILetters += 1 }
                    if c.properties.isUppercase {
                        upperLetters += 1
                        if i == start { capitalized = true }
                    } else {
                        lowerLetters += 1
                    }
                    if c.isASCII {
                        text.append(c)
                    } else {
                        text.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
                    }
                } else {
                    digits += 1
                    text.append(c)
                }
                i += 1
            } else if (c == "'" || c == "\u{2019}"), i + 1 < s.count, s[i + 1].properties.isAlphabetic, !text.isEmpty {
                text.append("'")
                i += 1
            } else if c == ".", segment == 1, digits == 0, i + 2 < s.count, s[i + 1].properties.isAlphabetic,
                !isWordScalar(s[i + 2])
            {
                // "U.S.", "U.N.": single letters joined by dots.
                acronym = true
                segment = 0
                i += 1
            } else {
                break
            }
        }
        if acronym, i < s.count, s[i] == "." { i += 1 }
        var word = String(text)
        if word.hasSuffix("'s") { word.removeLast(2) }
        let token = Token(
            text: word,
            upper: (acronym || (upperLetters >= 2 && lowerLetters == 0)),
            capitalized: capitalized,
            isNumber: digits > 0 && upperLetters + lowerLetters == 0,
            sentence: state.sentence,
            clause: state.clause,
            inTitle: inTitle,
            start: start,
            end: i
        )
        if !word.isEmpty { result.tokens.append(token) }
        return i
    }

    private static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        return c.properties.isAlphabetic || c.properties.numericType == .decimal
    }

    /// Whether the `.`, `!` or `?` at `i` ends a sentence.
    private static func endsSentence(_ s: [Unicode.Scalar], at i: Int, result: TokenizedText) -> Bool {
        if s[i] == ".", let last = result.tokens.last, last.end == i {
            if last.text.count == 1 && !last.isNumber { return false }
            if abbreviations.contains(last.text) { return false }
        }
        var j = i + 1
        if j < s.count, !(s[j].properties.isWhitespace || "\"'\u{201D}\u{2019})".unicodeScalars.contains(s[j])) {
            return false
        }
        let openers = "\"'\u{201C}\u{201D}\u{2018}\u{2019})".unicodeScalars
        while j < s.count, s[j].properties.isWhitespace || openers.contains(s[j]) {
            j += 1
        }
        if j < s.count, s[j].properties.isLowercase { return false }
        return true
    }

    private static func markupEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        guard i + 1 < s.count, s[i + 1].properties.isAlphabetic || s[i + 1] == "/" || s[i + 1] == "!" else {
            return nil
        }
        var j = i + 1
        while j < s.count, j - i < 400 {
            if s[j] == ">" { return j }
            if s[j] == "<" { return nil }
            j += 1
        }
        return nil
    }

    private static func entityEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i + 1
        while j < s.count, j - i <= 10 {
            if s[j] == ";" { return j > i + 1 ? j : nil }
            guard s[j].properties.isAlphabetic || s[j].properties.numericType != nil || s[j] == "#" else { return nil }
            j += 1
        }
        return nil
    }
}
