import Feed
import Testing

@Suite("The charset parameter of a Content-Type")
struct ContentTypeCharsetTests {
    @Test("finds the charset however the header is written", arguments: [
        ("text/xml; charset=UTF-8", "UTF-8"),
        ("text/xml;charset=utf-8", "utf-8"),
        ("application/rss+xml; Charset=ISO-8859-1", "ISO-8859-1"),
        ("application/rss+xml; CHARSET=\"euc-kr\"", "euc-kr"),
        ("text/xml ;  charset=windows-1252  ", "windows-1252"),
        ("text/xml; charset = euc-kr ; q=1", "euc-kr"),
        ("text/xml; boundary=x; format=flowed; charset=koi8-r", "koi8-r"),
        ("text/xml; charset=utf-8; format=flowed", "utf-8"),
        ("text/xml; charset=\"utf-8\" ; format=flowed", "utf-8"),
        ("text/xml; charset='utf-8'", "utf-8"),
        ("text/xml; charset=\"utf\\-8\"", "utf-8"),
        ("text/xml;\tcharset=Shift_JIS", "Shift_JIS"),
        ("text/xml; charset=utf-8; charset=iso-8859-1", "utf-8"),
    ])
    func finds(contentType: String, expected: String) {
        #expect(ContentTypeCharset.label(in: contentType) == expected)
    }

    @Test("a charset inside another parameter's quoted value is not the charset")
    func quotedParameter() {
        let header = "text/xml; title=\"a; charset=euc-kr\"; charset=utf-8"
        #expect(ContentTypeCharset.label(in: header) == "utf-8")
        #expect(ContentTypeCharset.label(in: "text/xml; title=\"charset=euc-kr\"") == nil)
    }

    @Test("no charset, an empty one, or a parameter that only looks like it gives nil", arguments: [
        "text/xml", "", "application/rss+xml;", "text/xml; charset=", "text/xml; charset=\"\"", "text/xml; charset",
        "text/xml; mycharset=utf-8", "text/xml; charsetx=utf-8", "charset=utf-8",
    ])
    func none(contentType: String) {
        #expect(ContentTypeCharset.label(in: contentType) == nil)
    }
}
