import Classifier
import Feed
import Foundation

/// Renders a ``Digest`` as an HTML fragment: the content of its entry in the digest feed, laid
/// out like the Markdown brief so that a feed reader shows the same thing.
struct HTMLRenderer: Sendable {
    var timeZone: TimeZone

    func render(_ digest: Digest) -> String {
        var out = "<p>" + XMLText.escape(Self.headline(digest)) + "</p>\n"
        out += section("Provocations", digest.provocations, day: digest.date)
        out += section("Diplomatic actions", digest.diplomatic, day: digest.date)
        if !digest.focusOther.isEmpty {
            out += "<h2>Other items about the focus</h2>\n<ul>\n"
            for entry in digest.focusOther { out += "<li>" + line(entry, day: digest.date) + "</li>\n" }
            out += "</ul>\n"
        }
        let failing = digest.feeds.filter { $0.lastError != nil }
        let recovered = digest.feeds.filter { $0.earlierError != nil }
        let quiet = digest.feeds.filter { $0.status == "quiet" }
        out += "<h2>Feeds</h2>\n<p>\(digest.feeds.count - failing.count - recovered.count - quiet.count) with items"
        if !quiet.isEmpty { out += ", quiet: " + quiet.map { XMLText.escape($0.title) }.joined(separator: ", ") }
        if !failing.isEmpty {
            out += ", failing: " + failing.map { XMLText.escape($0.title + " (" + ($0.lastError ?? "") + ")") }
                .joined(separator: ", ")
        }
        if !recovered.isEmpty {
            out += ", failed earlier that day: "
                + recovered.map { XMLText.escape($0.title + " (" + ($0.earlierError ?? "") + ")") }.joined(separator: ", ")
        }
        return out + ".</p>\n"
    }

    /// One line that says what the day held: the counts and the most severe event.
    static func headline(_ digest: Digest) -> String {
        let c = digest.counts
        var text = "\(c.provocations) provocation\(c.provocations == 1 ? "" : "s"), "
            + "\(c.diplomatic) diplomatic action\(c.diplomatic == 1 ? "" : "s")"
        if let top = digest.provocations.first {
            text += "; most severe: \(MarkdownRenderer.typeName(top.type))"
            if let severity = top.severity { text += " (severity \(severity) of 5)" }
            if let title = top.title, !title.isEmpty { text += ", " + title }
        }
        return text
    }

    private func section(_ heading: String, _ stories: [Digest.Story], day: String) -> String {
        var out = "<h2>\(heading)</h2>\n"
        if stories.isEmpty { return out + "<p>None reported.</p>\n" }
        out += "<ol>\n"
        for story in stories {
            out += "<li><strong>\(MarkdownRenderer.typeName(story.type))</strong>"
            if let severity = story.severity { out += ", severity \(severity)" }
            if !story.actors.isEmpty { out += ", " + XMLText.escape(story.actors.joined(separator: ", ")) }
            out += ", \(clock(story.time, story.timeSource, day: day)): " + title(story.title)
            if let earlier = story.firstReported { out += " <em>(follow-up; first reported on \(earlier))</em>" }
            out += "\n<ul>\n"
            for source in story.sources { out += "<li>" + line(source, day: day) + "</li>\n" }
            out += "</ul></li>\n"
        }
        return out + "</ol>\n"
    }

    private func line(_ entry: Digest.Entry, day: String) -> String {
        let text = title(entry.title)
        let linked = entry.link.flatMap(MarkdownText.url).map { "<a href=\"\(XMLText.escape($0))\">\(text)</a>" }
            ?? text + " (no link)"
        return XMLText.escape(entry.feedTitle) + ": " + linked + ", " + clock(entry.time, entry.timeSource, day: day)
    }

    private func title(_ title: String?) -> String {
        guard let title, !title.isEmpty else { return "(untitled)" }
        return XMLText.escape(title)
    }

    /// The time, marked when the feed gave none and it is when the item was first seen.
    private func clock(_ date: Date, _ source: DateSource, day: String) -> String {
        DigestDay.clock(date, in: timeZone, on: day) + (source == .firstSeen ? " (first seen)" : "")
    }
}
