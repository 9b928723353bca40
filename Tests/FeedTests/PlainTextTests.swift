import Feed
import Testing
import TestSupport

@Suite("PlainText")
struct PlainTextTests {
    @Test("strips tags and keeps block boundaries as spaces")
    func stripsTags() {
        #expect(PlainText.fromHTML("<p>One</p><p>Two <b>bold</b>ly</p>") == "One Two boldly")
        #expect(PlainText.fromHTML("line<br/>break<br>again") == "line break again")
        #expect(PlainText.fromHTML("<a href=\"x\" title='a > b'>link</a> text") == "link text")
    }

    @Test("drops script, style and comments entirely")
    func dropsHiddenContent() {
        let html = "a<script type=\"text/javascript\">if (x < 1) { y(); }</script>b<STYLE>p{}</STYLE>c<!-- hidden -->d"
        #expect(PlainText.fromHTML(html) == "a b cd", "a comment is not a word break")
    }

    @Test("decodes named and numeric references")
    func decodesEntities() {
        #expect(PlainText.fromHTML("caf&eacute; &amp; cr&egrave;me") == "café & crème")
        let typographic = PlainText.fromHTML("&ldquo;quote&rdquo; &mdash; &hellip; &euro;5 &copy;")
        #expect(typographic == "“quote” — … €5 ©")
        #expect(PlainText.fromHTML("&#8217;&#x2014;&#X41;") == "’—A")
        #expect(PlainText.fromHTML("it&#146;s &#150; ok") == "it’s – ok")      // Windows-1252 numeric references
        #expect(PlainText.fromHTML("&unknown; & &amp") == "&unknown; & &")
    }

    @Test("keeps a lone < that cannot start a tag")
    func keepsLessThan() {
        #expect(PlainText.fromHTML("3 < 5 and 7 > 2") == "3 < 5 and 7 > 2")
    }

    @Test("collapses whitespace, including no-break spaces, and drops control characters")
    func collapses() {
        #expect(PlainText.fromHTML("  a \n\t b&nbsp;&nbsp;c\u{00A0}d\u{0007}e  ") == "a b c de")
        #expect(PlainText.collapse("\n  x \r\n  y  ") == "x y")
        #expect(PlainText.fromHTML("") == "")
    }

    @Test("collapses like a byte-by-byte reading on random text of words, space runs, controls and non-ASCII")
    func collapseMatchesReference() {
        // The copy tests eight bytes at a time; every position of a double space, a control character, DEL, a
        // tab or a multi-byte character within or across those eight must come out as one byte at a time would.
        let pieces = ["a", "bc", "word", "Longerword", " ", "  ", "\t", "\n", "\u{7}", "\u{7F}", "é", "—", "\u{A0}", ".", "x y"]
        var generator = SplitMix(seed: 42)
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 40)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(PlainText.collapse(text) == Self.referenceCollapse(text), "\(text.debugDescription)")
        }
    }

    /// Whitespace runs (ASCII and no-break space) to one space, controls and DEL dropped, ends trimmed.
    private static func referenceCollapse(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0xA0:
                if !word.isEmpty { words.append(word) }
                word = ""
            case 0x00...0x1F, 0x7F: continue
            default: word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }

    @Test("unwraps CDATA sections inside HTML")
    func cdataInsideHTML() {
        #expect(PlainText.fromHTML("a <![CDATA[<b>raw</b>]]> z") == "a <b>raw</b> z")
    }

    @Test("tolerates an unterminated tag or comment")
    func unterminated() {
        #expect(PlainText.fromHTML("visible <b class=\"x") == "visible")
        #expect(PlainText.fromHTML("visible <!-- never closed") == "visible")
    }
}
