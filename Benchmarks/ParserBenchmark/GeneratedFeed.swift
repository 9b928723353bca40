import Foundation

/// A deterministic RSS 2.0 feed of realistic news items, large enough to measure throughput and memory
/// (50,000 items, about 50 MB by default). Written to a file, never kept in the repository.
enum GeneratedFeed {
    static func run(_ arguments: [String]) {
        guard let path = Console.positional(arguments).first else {
            Console.fail("usage: ParserBenchmark generate FILE [--items N] [--bytes N]")
        }
        let items = Console.option("--items", in: arguments).flatMap(Int.init) ?? 50_000
        let bytes = Console.option("--bytes", in: arguments).flatMap(Int.init) ?? 50_000_000
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            Console.fail("cannot create \(path)")
        }
        var generator = Generator(itemBytes: max(400, (bytes - 1_000) / max(items, 1)))
        handle.write(Data(generator.header().utf8))
        var buffer = ""
        for index in 0..<items {
            buffer += generator.item(index)
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        buffer += "</channel>\n</rss>\n"
        handle.write(Data(buffer.utf8))
        try? handle.close()
    }

    /// Builds items from a fixed pseudo-random sequence, so every run writes the same bytes.
    struct Generator {
        let itemBytes: Int
        private var state: UInt64 = 42

        init(itemBytes: Int) {
            self.itemBytes = itemBytes
        }

        private mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        private static let words = [
            "talks", "border", "ministers", "ceasefire", "sanctions", "envoy", "summit", "missile", "drill", "treaty",
            "delegation", "coast", "guard", "strait", "exercise", "statement", "agreement", "protest", "visit",
            "naval", "trade", "dialogue", "warning", "incursion", "airspace", "foreign", "defence", "council",
        ]
        private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        private static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

        private mutating func sentence(_ count: Int) -> String {
            (0..<count).map { _ in Self.words[next(Self.words.count)] }.joined(separator: " ")
        }

        func header() -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel>
            <title>Generated World News</title>
            <link>https://news.example.org/</link>
            <language>en</language>
            <ttl>15</ttl>

            """
        }

        mutating func item(_ index: Int) -> String {
            let title: String
            switch index % 3 {
            case 0: title = "\(sentence(6)) &amp; \(sentence(2)) &#8217;s &#x2014; update \(index)"
            case 1: title = "<![CDATA[\(sentence(7)) & <b>live</b> ’ — \(index)]]>"
            default: title = "\(sentence(8)) \(index)"
            }
            let date = "\(Self.days[index % 7]), \(String(format: "%02d", 1 + next(28))) "
                + "\(Self.months[next(12)]) 2026 "
                + "\(String(format: "%02d:%02d:%02d", next(24), next(60), next(60))) +0000"
            let link = index % 4 == 0
                ? "/world/\(index)-story?utm_source=rss&amp;id=\(index)"
                : "https://news.example.org/world/\(index)-story?utm_source=rss&amp;utm_medium=feed&amp;ref=\(index)"
            // Shaped like outlet and WordPress feeds: a lead in `description`, the article in `content:encoded`.
            let lead = sentence(14) + ". " + sentence(12) + "."
            var article = ""
            let fixed = 480 + title.utf8.count + link.utf8.count + lead.utf8.count
            let room = max(60, itemBytes - fixed)
            while article.utf8.count < room {
                article += sentence(12) + ". "
            }
            let body = index % 2 == 0
                ? "<![CDATA[<p>\(lead)</p><p><a href=\"/more\">More</a></p>]]>"
                : "&lt;p&gt;\(lead)&lt;/p&gt;&lt;br/&gt;&lt;img src=&quot;/i.png&quot;/&gt;"
            let content = "<![CDATA[<figure><img src=\"/img/\(index).jpg\" alt=\"\"/></figure>"
                + "<p>\(article)</p><p><em>Reporting by the desk.</em></p>]]>"
            return """
            <item>
            <title>\(title)</title>
            <link>\(link)</link>
            <guid isPermaLink="false">urn:generated:\(index)</guid>
            <pubDate>\(date)</pubDate>
            <dc:creator>Desk \(next(40))</dc:creator>
            <category>\(Self.words[next(Self.words.count)])</category>
            <description>\(body)</description>
            <content:encoded>\(content)</content:encoded>
            </item>

            """
        }
    }
}
