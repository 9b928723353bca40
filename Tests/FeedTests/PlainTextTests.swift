import Feed
import Testing

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
