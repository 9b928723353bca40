/// Reads the `charset` parameter out of an HTTP Content-Type value, for ``FeedParser``'s `httpCharset`.
///
/// Servers write the header in many ways: `text/xml;charset=UTF-8`, `application/rss+xml; Charset="iso-8859-1"`,
/// `text/xml; boundary=x ; charset = euc-kr`. Parameter names are case-insensitive, values may be quoted (with
/// backslash escapes) and other parameters may come before or after; a `;` or `charset=` inside another parameter's
/// quoted value is not a parameter. Spaces around `=`, which the HTTP grammar does not allow, are tolerated because
/// servers send them. The first `charset` wins.
public enum ContentTypeCharset {
    /// The charset label, without quotes or surrounding spaces; nil when there is none or it is empty.
    public static func label(in contentType: String) -> String? {
        var scanner = Scanner(contentType)
        scanner.skip { $0 != ";" }  // the media type itself
        while scanner.take(";") {
            scanner.skipSpace()
            let name = scanner.token { $0 != "=" && $0 != ";" }
            guard scanner.take("=") else { continue }
            scanner.skipSpace()
            let value = scanner.peek == "\"" ? scanner.quoted() : scanner.token { $0 != ";" }
            scanner.skip { $0 != ";" }  // anything after a closing quote
            guard name.lowercased() == "charset" else { continue }
            let label = trim(value, quotes: true)
            return label.isEmpty ? nil : label
        }
        return nil
    }

    /// A forward-only reader over the value's characters.
    private struct Scanner {
        private let characters: [Character]
        private var index = 0

        init(_ text: String) { characters = Array(text) }

        var peek: Character? { index < characters.count ? characters[index] : nil }

        mutating func take(_ character: Character) -> Bool {
            guard peek == character else { return false }
            index += 1
            return true
        }

        mutating func skip(while condition: (Character) -> Bool) {
            while let next = peek, condition(next) { index += 1 }
        }

        mutating func skipSpace() { skip { $0 == " " || $0 == "\t" } }

        /// The characters while `condition` holds, trimmed of spaces.
        mutating func token(while condition: (Character) -> Bool) -> String {
            let start = index
            skip(while: condition)
            return ContentTypeCharset.trim(String(characters[start..<index]), quotes: false)
        }

        /// A quoted string starting at the opening quote; an unterminated one runs to the end.
        mutating func quoted() -> String {
            index += 1
            var value = ""
            while let next = peek {
                index += 1
                if next == "\"" { break }
                if next == "\\", let escaped = peek {
                    index += 1
                    value.append(escaped)
                } else {
                    value.append(next)
                }
            }
            return value
        }
    }

    /// `text` without surrounding spaces and tabs, and, with `quotes`, without one pair of surrounding single
    /// quotes (`charset='utf-8'` is seen in the wild).
    fileprivate static func trim(_ text: String, quotes: Bool) -> String {
        var value = Substring(text)
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        if quotes, value.count >= 2, value.first == "'", value.last == "'" {
            value = value.dropFirst().dropLast()
        }
        return String(value)
    }
}
