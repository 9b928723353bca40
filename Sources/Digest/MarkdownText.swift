/// Makes untrusted text (titles, feed names) safe to place in Markdown.
///
/// Feed text can hold anything: Markdown syntax, HTML, control characters, newlines. Escaped
/// here, it always renders as the literal words and can never open a link, a heading or a tag.
enum MarkdownText {
    /// Characters that can start emphasis, code, a link, a tag, an entity or a table cell
    /// anywhere in a line. (Without `[` a parenthesis cannot form a link.)
    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]
    /// Characters that make a heading, a list item or a setext underline when they begin a
    /// line's content, as a feed's name does in a list item (`- # Wire: ...` would be a heading).
    private static let blockStart: Set<Character> = ["#", "-", "+", "="]

    /// `text` as literal Markdown: special characters backslash-escaped (a backslash before any
    /// ASCII punctuation renders as the character alone, so this never shows), line breaks,
    /// tabs and control characters turned into single spaces, bidirectional overrides and
    /// isolates dropped (they would reorder what follows them on screen), and a leading block
    /// marker escaped.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        var lastWasSpace = false
        for character in text {
            if character.unicodeScalars.allSatisfy(isBidiControl) { continue }
            if character.isNewline || character == "\t" || character.unicodeScalars.allSatisfy(isControl) {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = character == " "
            if special.contains(character) { result.append("\\") }
            result.append(character)
        }
        return escapingBlockStart(result.trimmingSpaces())
    }

    /// `# X` → `\# X`, `1. X` → `1\. X`: text that starts a line can open no block.
    private static func escapingBlockStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        if blockStart.contains(first) { return "\\" + text }
        // An ordered list marker: up to nine digits, then `.` or `)`.
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return text }
        let after = text.index(text.startIndex, offsetBy: digits.count)
        guard after < text.endIndex, text[after] == "." || text[after] == ")" else { return text }
        return text[..<after] + "\\" + text[after...]
    }

    /// A link target that cannot break out of `(...)`: only http(s) URLs, with spaces and
    /// parentheses percent-encoded.
    static func url(_ link: String) -> String? {
        guard link.hasPrefix("http://") || link.hasPrefix("https://") else { return nil }
        var result = ""
        for scalar in link.unicodeScalars {
            switch scalar {
            case " ": result += "%20"
            case "(": result += "%28"
            case ")": result += "%29"
            case "<": result += "%3C"
            case ">": result += "%3E"
            default:
                if isControl(scalar) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7f && scalar.value < 0xa0)
    }

    /// U+202A-U+202E (embeddings and overrides) and U+2066-U+2069 (isolates).
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
