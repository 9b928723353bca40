/// Colours the digest's Markdown for a terminal with ANSI escapes, line by line: headings bold,
/// the provocations section red, the diplomatic one green, sources and reasons dim.
///
/// The digest is written by brinkwatch itself, so its shapes are known; feed text inside it is
/// already escaped and holds no control characters, so no escape sequence can come from a feed.
enum TerminalMarkdown {
    static let bold = "\u{1B}[1m"
    static let red = "\u{1B}[31m"
    static let green = "\u{1B}[32m"
    static let dim = "\u{1B}[2m"
    static let reset = "\u{1B}[0m"

    static func colour(_ markdown: String) -> String {
        var out = ""
        var accent = ""
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                accent = line.hasPrefix("## Provocations") ? red : line.hasPrefix("## Diplomatic") ? green : ""
                out += bold + accent + line + reset + "\n"
            } else if line.hasPrefix("# ") {
                out += bold + line + reset + "\n"
            } else if line.hasPrefix("   - ") {
                out += dim + line + reset + "\n"
            } else if let first = line.first, first.isNumber, !accent.isEmpty {
                out += accent + line + reset + "\n"
            } else {
                out += line + "\n"
            }
        }
        return String(out.dropLast())
    }
}
