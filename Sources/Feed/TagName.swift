/// What ``PlainText`` needs to know about an HTML tag name: does it break a line, or hide raw text?
///
/// Names are matched case-insensitively on their bytes, packed into an integer, so classifying a tag allocates
/// nothing (this runs for every tag of every description).
struct TagName {
    let isBlock: Bool
    let isRawText: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count > 0, range.count <= 10 else {
            isBlock = false
            isRawText = false
            return
        }
        var key: UInt128 = 0
        for index in range { key = key << 8 | UInt128(bytes[index] | 0x20) }
        isRawText = Self.contains(Self.rawText, key)
        isBlock = isRawText || Self.contains(Self.block, key)
    }

    /// Binary search of a sorted table: a few comparisons, where a `Set` hashed each key first
    /// (that hashing was about 3 % of parsing a feed with HTML descriptions).
    private static func contains(_ sorted: [UInt128], _ key: UInt128) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == key
    }

    /// The packed, lower-case spelling of `name` (ASCII, at most 16 bytes).
    private static func pack(_ name: StaticString) -> UInt128 {
        var key: UInt128 = 0
        for index in 0..<name.utf8CodeUnitCount { key = key << 8 | UInt128(name.utf8Start[index]) }
        return key
    }

    /// Elements whose content is not text to show (an `object`'s content is its fallback text, which is shown).
    private static let rawText: [UInt128] = ["script", "style", "noscript", "template", "iframe"].map(pack).sorted()

    /// Elements that separate words visually; turning them into a space keeps `<p>a</p><p>b</p>` as "a b".
    private static let block: [UInt128] = [
        "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "thead", "tbody", "blockquote", "pre", "hr", "section", "article", "header", "footer", "aside",
        "nav", "figure", "figcaption", "img", "address", "main", "center", "caption", "form", "video", "audio",
    ].map(pack).sorted()
}

extension TagName {
    /// Classifies a NUL-terminated element name as libxml2 reports it.
    init(_ name: UnsafePointer<UInt8>) {
        var length = 0
        while length <= 10, name[length] != 0 { length += 1 }
        self.init(UnsafeBufferPointer(start: name, count: length), 0..<length)
    }
}
