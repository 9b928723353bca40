/// Splits a title and a summary into tokens, sentences and clauses in one pass over their UTF-8 bytes.
///
/// Why hand-written and not a regex or NLP library: it runs once per item and must be fast and
/// predictable. ASCII, nearly all of an English item, is handled byte by byte; other scalars are
/// decoded where they occur. The rules are few: letters and digits make words; an apostrophe
/// inside a word stays ("didn't") but a possessive "'s" goes; hyphens split words; dotted single
/// letters join into acronyms ("U.N." -> "un", marked upper case); Chinese characters and kana
/// are one token each; `.`, `!`, `?` end a sentence unless they follow an abbreviation or
/// initial or the next word starts in lower case; `;` and line breaks end a sentence too;
/// commas, colons, dashes and brackets end a clause. Markup (`<p>`, `&amp;`) is skipped.
/// Pattern words in data files go through the same rules, so both sides agree.
enum Tokenizer {
    /// Words after which a full stop does not end the sentence.
    static let abbreviations: [[UInt8]] = [
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "maj", "capt", "cmdr", "adm", "rep", "sen", "gov",
        "prof", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig", "rev", "pres",
    ].map { Array($0.utf8) }

    /// A word of a data-file phrase.
    struct Word {
        var text: String
        var upper: Bool
        var capitalized: Bool
    }

    static func tokenize(title: String, summary: String) -> TokenizedText {
        var result = TokenizedText()
        result.title = Array(title.utf8)
        result.summary = Array(summary.utf8)
        let size = result.title.count + result.summary.count
        result.tokens.reserveCapacity(size / 5 + 4)
        result.bytes.reserveCapacity(size)
        var state = State()
        result.title.withUnsafeBufferPointer { scan($0, inTitle: true, into: &result, state: &state) }
        state.endSentence(&result)
        result.summary.withUnsafeBufferPointer { scan($0, inTitle: false, into: &result, state: &state) }
        state.endSentence(&result)
        return result
    }

    /// The words of a data-file phrase, with their letter-case flags.
    static func words(_ phrase: String) -> [Word] {
        let text = tokenize(title: phrase, summary: "")
        return text.tokens.indices.map {
            Word(text: text.text($0), upper: text.tokens[$0].upper, capitalized: text.tokens[$0].capitalized)
        }
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
        _ s: UnsafeBufferPointer<UInt8>, inTitle: Bool, into result: inout TokenizedText, state: inout State
    ) {
        var i = 0
        while i < s.count {
            let b = s[i]
            if b < 0x80 {
                if isASCIIWord(b) {
                    i = readWord(s, from: i, inTitle: inTitle, into: &result, state: state)
                    continue
                }
                switch b {
                case UInt8(ascii: "<"):
                    if let close = markupEnd(s, from: i) { i = close + 1; continue }
                case UInt8(ascii: "&"):
                    if let close = entityEnd(s, from: i) { i = close + 1; continue }
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                    if endsSentence(s, at: i, inTitle: inTitle, result: result) { state.endSentence(&result) }
                case UInt8(ascii: ";"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    state.endSentence(&result)
                case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                    UInt8(ascii: "]"), UInt8(ascii: "\""), UInt8(ascii: "|"):
                    state.endClause(&result)
                default:
                    break
                }
                i += 1
                continue
            }
            let (c, length) = decode(s, at: i)
            if isCharacterWord(c) {
                appendCharacter(s, at: i, length: length, inTitle: inTitle, into: &result, state: state)
                i += length
                continue
            }
            if isWordScalar(c) {
                i = readWord(s, from: i, inTitle: inTitle, into: &result, state: state)
                continue
            }
            switch c.value {
            case 0x2029, 0x3002, 0xFF01, 0xFF1F, 0xFF1B:
                state.endSentence(&result)
            case 0x2013, 0x2014, 0x201C, 0x201D, 0x3001, 0xFF0C, 0xFF1A, 0x300C, 0x300D, 0xFF3B, 0xFF3D, 0xFF08,
                0xFF09:
                state.endClause(&result)
            default:
                break
            }
            i += length
        }
    }

    /// Reads one word (or dotted acronym) starting at `start`; returns the index after it.
    private static func readWord(
        _ s: UnsafeBufferPointer<UInt8>, from start: Int, inTitle: Bool, into result: inout TokenizedText,
        state: State
    ) -> Int {
        var i = start
        let textStart = result.bytes.count
        var upperLetters = 0
        var lowerLetters = 0
        var digits = 0
        var acronym = false
        var segment = 0
        var capitalized = false
        while i < s.count {
            let b = s[i]
            if isASCIIWord(b) {
                // A run of ASCII letters and digits, counted here, copied in one append and
                // lowercased in place (`| 0x20` lowercases letters and leaves digits alone).
                let runStart = i
                var upper = 0
                var lower = 0
                while i < s.count {
                    let c = s[i]
                    if c >= 0x41 && c <= 0x5A {
                        upper += 1
                    } else if c >= 0x61 && c <= 0x7A {
                        lower += 1
                    } else if !(c >= 0x30 && c <= 0x39) {
                        break
                    }
                    i += 1
                }
                if runStart == start && s[start] >= 0x41 && s[start] <= 0x5A { capitalized = true }
                upperLetters += upper
                lowerLetters += lower
                digits += i - runStart - upper - lower
                result.letters += upper + lower
                segment += i - runStart
                let copied = result.bytes.count
                result.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<i]))
                if upper > 0 {
                    result.bytes.withUnsafeMutableBufferPointer { for k in copied..<$0.count { $0[k] |= 0x20 } }
                }
            } else if b == UInt8(ascii: "'") || (b == 0xE2 && i + 2 < s.count && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
                // ' or ’ (E2 80 99) inside a word, followed by a letter.
                let length = b == 0xE2 ? 3 : 1
                guard i + length < s.count, result.bytes.count > textStart, isLetter(s, at: i + length)
                else { break }
                result.bytes.append(UInt8(ascii: "'"))
                i += length
            } else if b == UInt8(ascii: "."), segment == 1, digits == 0, i + 1 < s.count {
                // "U.S.", "U.N.": single letters joined by dots.
                let length = decode(s, at: i + 1).length
                guard isLetter(s, at: i + 1), i + 1 + length < s.count, !isWordStart(s, at: i + 1 + length) else {
                    break
                }
                acronym = true
                segment = 0
                i += 1
            } else if b >= 0x80 {
                let (c, length) = decode(s, at: i)
                guard isWordScalar(c), !isCharacterWord(c) else { break }
                segment += 1
                if c.properties.isAlphabetic {
                    result.letters += 1
                    result.nonASCIILetters += 1
                    if c.properties.isUppercase {
                        upperLetters += 1
                        if i == start { capitalized = true }
                    } else {
                        lowerLetters += 1
                    }
                    result.bytes.append(contentsOf: c.properties.lowercaseMapping.utf8)
                } else {
                    digits += 1
                    result.bytes.append(contentsOf: s[i..<(i + length)])
                }
                i += length
            } else {
                break
            }
        }
        if acronym, i < s.count, s[i] == UInt8(ascii: ".") { i += 1 }
        // Whatever happens above, a word consumes at least its first scalar.
        if i == start { i += decode(s, at: start).length }
        let count = result.bytes.count
        if count - textStart >= 2, result.bytes[count - 2] == UInt8(ascii: "'"), result.bytes[count - 1] == 0x73 {
            result.bytes.removeLast(2)
        }
        guard result.bytes.count > textStart else { return i }
        let isNumber = digits > 0 && upperLetters + lowerLetters == 0
        var isYear = false
        if isNumber, result.bytes.count - textStart == 4 {
            var value = 0
            for byte in result.bytes[textStart...] { value = value * 10 + Int(byte &- 0x30) }
            isYear = (1900...2099).contains(value)
        }
        result.tokens.append(Token(
            textStart: Int32(textStart), textEnd: Int32(result.bytes.count),
            upper: acronym || (upperLetters >= 2 && lowerLetters == 0), capitalized: capitalized,
            isNumber: isNumber, isYear: isYear, inTitle: inTitle, sentence: state.sentence, clause: state.clause,
            start: start, end: i
        ))
        return i
    }

    private static func appendCharacter(
        _ s: UnsafeBufferPointer<UInt8>, at i: Int, length: Int, inTitle: Bool, into result: inout TokenizedText,
        state: State
    ) {
        result.letters += 1
        result.nonASCIILetters += 1
        let textStart = result.bytes.count
        result.bytes.append(contentsOf: s[i..<(i + length)])
        result.tokens.append(Token(
            textStart: Int32(textStart), textEnd: Int32(result.bytes.count), upper: false, capitalized: false,
            isNumber: false, isYear: false, inTitle: inTitle, sentence: state.sentence, clause: state.clause,
            start: i, end: i + length))
    }

    /// Whether the `.`, `!` or `?` at `i` ends a sentence.
    private static func endsSentence(
        _ s: UnsafeBufferPointer<UInt8>, at i: Int, inTitle: Bool, result: TokenizedText
    ) -> Bool {
        if s[i] == UInt8(ascii: "."), let last = result.tokens.last, last.end == i, last.inTitle == inTitle {
            let word = result.bytes[Int(last.textStart)..<Int(last.textEnd)]
            if word.count == 1 && !last.isNumber { return false }
            if word.count <= 6, abbreviations.contains(where: { $0.elementsEqual(word) }) { return false }
        }
        var j = i + 1
        if j < s.count {
            let (space, _) = isSpace(s, at: j)
            if !space && !isCloser(s, at: j) { return false }
        }
        while j < s.count {
            let (space, length) = isSpace(s, at: j)
            guard space || isCloser(s, at: j) || isOpener(s, at: j) else { break }
            j += length
        }
        if j < s.count {
            let b = s[j]
            if b < 0x80 { return !(b >= 0x61 && b <= 0x7A) }
            if decode(s, at: j).scalar.properties.isLowercase { return false }
        }
        return true
    }

    private static func markupEnd(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        guard i + 1 < s.count else { return nil }
        let next = s[i + 1]
        let opens = next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || isLetter(s, at: i + 1)
        guard opens else { return nil }
        var j = i + 1
        while j < s.count, j - i < 400 {
            if s[j] == UInt8(ascii: ">") { return j }
            if s[j] == UInt8(ascii: "<") { return nil }
            j += 1
        }
        return nil
    }

    private static func entityEnd(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        var j = i + 1
        while j < s.count, j - i <= 10 {
            if s[j] == UInt8(ascii: ";") { return j > i + 1 ? j : nil }
            guard isASCIIWord(s[j]) || s[j] == UInt8(ascii: "#") else { return nil }
            j += 1
        }
        return nil
    }
}
