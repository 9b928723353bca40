/// Makes untrusted text (titles, feed names) safe to place in Markdown.
///
/// Feed text can hold anything: Markdown syntax, HTML, control characters, newlines. Escaped
/// here, it always renders as the literal words and can never open a link, a heading or a tag.
enum MarkdownText {
    /// Characters that can start emphasis, code, a link, a tag, an entity or a table cell
    /// anywhere in a line. (Heading and list markers only count at the start of a line, where the
    /// renderer never puts feed text, and without `[` a parenthesis cannot form a link.)
    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        var lastWasSpace = false
        for character in text {
            if character.isNewline || character == "\t" || character.unicodeScalars.allSatisfy(isControl) {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = character == " "
            if special.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result.trimmingSpaces()
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
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
