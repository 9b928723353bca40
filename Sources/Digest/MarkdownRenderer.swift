import Classifier
import Feed
import Foundation

/// Renders a ``Digest`` as the Markdown brief an analyst reads first thing in the morning:
/// the headline numbers, the provocations (most severe first), the diplomatic actions, the other
/// items about the focus actors, then how the feeds did.
public struct MarkdownRenderer: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    public func render(_ digest: Digest) -> String {
        var out = "# brinkwatch digest for \(digest.date)\n\n"
        if !digest.final {
            out += "_Provisional: the day is still open, and this file is rewritten as items arrive._\n\n"
        }
        out += summary(digest) + "\n"
        out += section("Provocations", digest.provocations, day: digest.date)
        out += section("Diplomatic actions", digest.diplomatic, day: digest.date)
        out += "## Other items about the focus\n\n"
        if digest.focusOther.isEmpty {
            out += "None.\n\n"
        } else {
            for entry in digest.focusOther { out += "- " + line(entry, day: digest.date) + "\n" }
            out += "\n"
        }
        out += feeds(digest.feeds)
        return out
    }

    private func summary(_ digest: Digest) -> String {
        let c = digest.counts
        var text = "\(plural(c.provocations, "provocation")) and \(plural(c.diplomatic, "diplomatic action"))"
        text += " in \(plural(digest.itemCount, "item")); the day runs midnight to midnight, \(digest.timeZone).\n"
        if let top = digest.provocations.first {
            text += "\nMost severe: **\(Self.typeName(top.type))**"
            if let severity = top.severity { text += " (severity \(severity) of 5)" }
            text += ": " + title(top.title) + "\n"
        }
        return text
    }

    private func section(_ heading: String, _ stories: [Digest.Story], day: String) -> String {
        var out = "## \(heading)\n\n"
        if stories.isEmpty { return out + "None reported.\n\n" }
        for (index, story) in stories.enumerated() {
            out += "\(index + 1). **\(Self.typeName(story.type))**"
            if let severity = story.severity { out += ", severity \(severity)" }
            if !story.actors.isEmpty { out += ", \(story.actors.joined(separator: ", "))" }
            out += ", \(clock(story.time, story.timeSource, day: day))" + ": " + title(story.title) + "\n"
            if let earlier = story.firstReported { out += "   - Follow-up: first reported on \(earlier)\n" }
            if story.types.count > 1 {
                out += "   - Also: " + story.types.dropFirst().map(Self.typeName).joined(separator: ", ") + "\n"
            }
            for source in story.sources { out += "   - " + line(source, day: day) + "\n" }
            let words = story.evidence.map { "\"" + MarkdownText.escape($0.text) + "\"" }
            if !words.isEmpty { out += "   - Why: " + Array(Set(words)).sorted().joined(separator: ", ") + "\n" }
        }
        return out + "\n"
    }

    private func feeds(_ feeds: [Digest.FeedHealth]) -> String {
        var out = "## Feeds\n\n| Feed | Items | Status |\n| --- | ---: | --- |\n"
        for feed in feeds {
            var status = feed.status
            if let error = feed.lastError { status += ": " + MarkdownText.escape(error) }
            if let error = feed.earlierError {
                status += " from: " + MarkdownText.escape(error) + (feed.items == 0 ? "; no items" : "")
            }
            out += "| \(MarkdownText.escape(feed.title)) | \(feed.items) | \(status) |\n"
        }
        return out
    }

    private func line(_ entry: Digest.Entry, day: String) -> String {
        let name = MarkdownText.escape(entry.feedTitle)
        let text = title(entry.title)
        let linked = entry.link.flatMap(MarkdownText.url).map { "[\(text)](\($0))" } ?? "\(text) (no link)"
        return "\(name): \(linked), \(clock(entry.time, entry.timeSource, day: day))"
    }

    private func title(_ title: String?) -> String {
        guard let title, !title.isEmpty else { return "(untitled)" }
        return MarkdownText.escape(title)
    }

    private func clock(_ date: Date, _ source: DateSource, day: String) -> String {
        DigestDay.clock(date, in: timeZone, on: day) + (source == .firstSeen ? " (first seen)" : "")
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `missile_launch` → `Missile launch`; `un_action` → `UN action`.
    static func typeName(_ type: EventType) -> String {
        if type == .unAction { return "UN action" }
        let words = type.rawValue.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
