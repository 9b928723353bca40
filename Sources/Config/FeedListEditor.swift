import Foundation

/// Adds feeds to a configuration file by appending `[[feed]]` tables, so that the operator's
/// comments and layout are kept; the result is validated before it replaces the file.
public struct FeedListEditor: Sendable {
    public let file: String

    public init(file: String) {
        self.file = file
    }

    /// What an import did.
    public struct Result: Sendable, Equatable {
        public var added: [FeedSource]
        /// URLs already configured, left alone.
        public var skipped: [String]
    }

    /// Appends every outline whose URL is not configured yet, with a unique name derived from
    /// its title or host, and returns what was added.
    public func add(_ outlines: [OPML.Outline]) throws(ConfigError) -> Result {
        let configuration = try Configuration.load(path: file)
        var names = Set(configuration.feeds.map(\.name))
        var urls = Set(configuration.feeds.map(\.url))
        var result = Result(added: [], skipped: [])
        var text = ""
        for outline in outlines {
            guard outline.url.hasPrefix("http://") || outline.url.hasPrefix("https://") else {
                result.skipped.append(outline.url)
                continue
            }
            guard urls.insert(outline.url).inserted else {
                result.skipped.append(outline.url)
                continue
            }
            let name = Self.uniqueName(Self.slug(outline.title ?? URL(string: outline.url)?.host ?? "feed"), taken: names)
            names.insert(name)
            let feed = FeedSource(name: name, url: outline.url, title: outline.title)
            result.added.append(feed)
            text += "\n[[feed]]\nname = \(Self.quoted(name))\ntitle = \(Self.quoted(feed.title))\nurl = \(Self.quoted(feed.url))\n"
        }
        guard !result.added.isEmpty else { return result }
        guard let existing = FileManager.default.contents(atPath: configuration.file).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw ConfigError(file: configuration.file, message: "cannot read the configuration to extend it")
        }
        let updated = existing + (existing.hasSuffix("\n") ? "" : "\n") + text
        _ = try Configuration.parse(updated, file: configuration.file)
        do {
            try Data(updated.utf8).write(to: URL(fileURLWithPath: configuration.file), options: .atomic)
        } catch {
            throw ConfigError(file: configuration.file, message: "cannot write the configuration: \(error)")
        }
        return result
    }

    /// `Yonhap News: North Korea` → `yonhap-news-north-korea`.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "feed" : String(slug.prefix(48))
    }

    static func uniqueName(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var index = 2
        while taken.contains("\(base)-\(index)") { index += 1 }
        return "\(base)-\(index)"
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
