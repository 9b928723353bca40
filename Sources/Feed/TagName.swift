/// What ``PlainText`` needs to know about an HTML tag name: does it break a line, or hide raw text?
struct TagName {
    let isBlock: Bool
    let isRawText: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count > 0, range.count <= 10 else {
            isBlock = false
            isRawText = false
            return
        }
        let name = String(decoding: bytes[range].map { $0 | 0x20 }, as: UTF8.self)
        isRawText = Self.rawText.contains(name)
        isBlock = isRawText || Self.block.contains(name)
    }

    /// Elements whose content is not text to show.
    private static let rawText: Set<String> = ["script", "style", "noscript", "template", "iframe", "object"]

    /// Elements that separate words visually; turning them into a space keeps `<p>a</p><p>b</p>` as "a b".
    private static let block: Set<String> = [
        "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "thead", "tbody", "blockquote", "pre", "hr", "section", "article", "header", "footer", "aside",
        "nav", "figure", "figcaption", "img", "address", "main", "center", "caption", "form", "video", "audio",
    ]
}

extension TagName {
    /// Classifies a NUL-terminated element name as libxml2 reports it.
    init(_ name: UnsafePointer<UInt8>) {
        var length = 0
        while length <= 10, name[length] != 0 { length += 1 }
        self.init(UnsafeBufferPointer(start: name, count: length), 0..<length)
    }
}
