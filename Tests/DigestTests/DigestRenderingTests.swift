import Classifier
@testable import Digest
import Foundation
import Testing
import TestSupport

@Suite("Digest rendering and writing")
struct DigestRenderingTests {
    typealias F = DigestFixtures

    func digest(_ items: [ClassifiedItem]) -> Digest {
        DigestBuilder(timeZone: F.seoul, feeds: [.init(name: "wire", title: "WIRE News")]).build(day: "2026-03-04", items: items)
    }

    @Test("the Markdown brief has the summary, both sections, sources with links, times and evidence")
    func markdownContent() {
        let markdown = MarkdownRenderer(timeZone: F.seoul).render(digest([
            F.item("m", title: "Missile launched", labels: [.provocation], types: [.missileLaunch], severity: 3,
                   actors: ["KP"], evidence: [Evidence(type: .missileLaunch, rule: "launch", text: "missile launched")]),
            F.item("d", title: "Envoy visits", at: 3600, labels: [.diplomatic], types: [.envoyVisit]),
        ]))
        #expect(markdown.hasPrefix("# brinkwatch digest for 2026-03-04\n"))
        #expect(markdown.contains("1 provocation and 1 diplomatic action in 2 items"))
        #expect(markdown.contains("Most severe: **Missile launch** (severity 3 of 5): Missile launched"))
        #expect(markdown.contains("1. **Missile launch**, severity 3, KP, 09:00: Missile launched"))
        #expect(markdown.contains("WIRE News: [Missile launched](https://example.org/m), 09:00"))
        #expect(markdown.contains("Why: \"missile launched\""))
        #expect(markdown.contains("## Diplomatic actions\n\n1. **Envoy visit**, 10:00: Envoy visits"))
        #expect(markdown.contains("| WIRE News | 2 | ok |"))
    }

    @Test("hostile titles are escaped: no Markdown, HTML or control characters get through")
    func escaping() {
        let markdown = MarkdownRenderer(timeZone: F.seoul).render(digest([
            F.item("h", title: "# [click](javascript:alert(1)) <script>x</script>\u{7}\nline *bold*",
                   link: "javascript:alert(1)", labels: [.diplomatic], types: [.statement]),
        ]))
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("[click]("), "no clickable link from a title")
        #expect(!markdown.contains("\u{7}"))
        #expect(markdown.contains("\\# \\[click\\](javascript:alert(1)) \\<script\\>x\\</script\\> line \\*bold\\*"))
        #expect(markdown.contains("(no link)"))
    }

    @Test("a feed name that would open a heading or a list at the start of its line is escaped; bidi overrides are dropped")
    func blockMarkersAndBidi() {
        let markdown = MarkdownRenderer(timeZone: F.seoul).render(digest([
            F.item("a", feed: "# wire", title: "Talks held", labels: [.diplomatic], types: [.talks]),
            F.item("b", feed: "1. wire", title: "Talks held again", labels: [.diplomatic], types: [.talks]),
            F.item("c", feed: "- wire", title: "Envoy \u{202E}tixe\u{202C} visits", labels: [.diplomatic],
                   types: [.envoyVisit]),
        ]))
        #expect(markdown.contains("   - \\# WIRE News: [Talks held]"), "no heading inside the list")
        #expect(markdown.contains("   - 1\\. WIRE News: [Talks held again]"), "no ordered list inside the list")
        #expect(markdown.contains("   - \\- WIRE News: [Envoy tixe visits]"), "no nested list, no reordering")
        #expect(!markdown.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
        // Escaping a marker that is not at the start changes nothing a reader sees.
        #expect(MarkdownText.escape("A-1 # 2") == "A-1 # 2")
        #expect(MarkdownText.escape("1984 events") == "1984 events")
        #expect(MarkdownText.escape("2) item") == "2\\) item")
    }

    @Test("a missing title and a first-seen time are shown as such, in the Markdown and in the feed's HTML")
    func missingFields() {
        let day = digest([F.item("n", title: nil, labels: [.diplomatic], types: [.talks], published: false)])
        for rendered in [MarkdownRenderer(timeZone: F.seoul).render(day), HTMLRenderer(timeZone: F.seoul).render(day)] {
            #expect(rendered.contains("(untitled)"))
            #expect(rendered.contains("(first seen)"))
        }
    }

    @Test("the writer puts Markdown and JSON side by side, latest.md points to the newest day, rewrites are identical")
    func writer() throws {
        let folder = ScratchFolder.path("digest-tests")
        let writer = DigestWriter(directory: folder, timeZone: F.seoul)
        let today = digest([F.item("m", title: "Missile launched", labels: [.provocation], types: [.missileLaunch])])
        let written = try writer.write(today)
        let first = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        let json = try Data(contentsOf: URL(fileURLWithPath: written.json))
        try writer.write(today)
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.markdown)) == first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.json)) == json)

        let decoded = try JSONDecoder.iso8601.decode(Digest.self, from: json)
        #expect(decoded == today)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/latest.md") == "2026-03-04.md")

        var older = today
        older.date = "2026-03-01"
        try writer.write(older)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/latest.md") == "2026-03-04.md")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            == ["2026-03-01.json", "2026-03-01.md", "2026-03-04.json", "2026-03-04.md", "latest.md"])
    }

    @Test("the digest day follows the configured time zone")
    func dayBoundary() {
        // 23:30 UTC on 3 March is 08:30 on 4 March in Seoul.
        let late = Date(timeIntervalSince1970: 1_772_580_600)
        #expect(DigestDay.of(late, in: F.seoul) == "2026-03-04")
        #expect(DigestDay.of(late, in: TimeZone(identifier: "UTC")!) == "2026-03-03")
        #expect(DigestDay.isValid("2026-03-04"))
        #expect(!DigestDay.isValid("2026-3-4"))
        #expect(!DigestDay.isValid("../../etc"))
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
