import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads and writes OPML subscription lists, the format every feed reader imports and exports.
public enum OPML {
    /// One subscription of an OPML file.
    public struct Outline: Sendable, Equatable {
        public var title: String?
        /// The feed's URL (`xmlUrl`).
        public var url: String
    }

    /// The feed outlines of an OPML document (at any depth, categories flattened), in order.
    public static func parse(_ data: Data, file: String) throws(ConfigError) -> [Outline] {
        let reader = OutlineReader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.sawOPML else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no <opml> root element"
            throw ConfigError(file: file, line: parser.lineNumber, message: "not an OPML document: \(reason)")
        }
        return reader.outlines
    }

    /// An OPML 2.0 document listing `feeds`.
    public static func render(_ feeds: [FeedSource], title: String) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
        text += "  <head><title>\(escape(title))</title></head>\n  <body>\n"
        for feed in feeds {
            text += "    <outline type=\"rss\" text=\"\(escape(feed.title))\" title=\"\(escape(feed.title))\""
            text += " xmlUrl=\"\(escape(feed.url))\"/>\n"
        }
        return text + "  </body>\n</opml>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    private final class OutlineReader: NSObject, XMLParserDelegate {
        var outlines: [Outline] = []
        var sawOPML = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if element.lowercased() == "opml" { sawOPML = true }
            guard element.lowercased() == "outline" else { return }
            // Attribute names vary in case between readers (xmlUrl, xmlURL, xmlurl).
            let lowered = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            guard let url = lowered["xmlurl"]?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return }
            outlines.append(Outline(title: lowered["title"] ?? lowered["text"], url: url))
        }
    }
}
