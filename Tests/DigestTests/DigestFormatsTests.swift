import Classifier
@testable import Digest
import Durable
import Foundation
import Testing
import TestSupport

/// The machine-readable outputs checked by the readers people will use on them: the JSON digest
/// against `docs/digest.schema.json` with Python's jsonschema, and the digest feed with Python's
/// feedparser (the reference feed parser), which must find no error at all.
@Suite("Digest formats", .offPool)
struct DigestFormatsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A day with every field the layout has: stories with and without severity, a follow-up,
    /// a report without link or title, hostile titles, a failing, a recovered and a quiet feed.
    static func richDigest(final: Bool) -> Digest {
        var items = StoryClusteringTests.items()
        var bare = DigestFixtures.item(
            "bare", feed: "wire", title: nil, at: 600, labels: [.diplomatic], types: [.statement], actors: ["KP"],
            evidence: [Evidence(type: .statement, rule: "s1", text: "said")])
        bare.item.link = nil
        items.append(bare)
        items.append(DigestFixtures.item(
            "hostile", feed: "odd", title: "<script>alert(1)</script> ]]> & \u{7}bell \u{1B}[31mred *bold* [x](y)",
            at: 900, labels: [.provocation], types: [.artilleryFire], severity: 4, actors: ["KP"]))
        items.append(DigestFixtures.item("focus", title: "Pyongyang hosts art troupe", at: 1200, focus: true,
                                         published: false))
        let day = items[0].day
        let feeds = [
            Digest.FeedHealth(name: "wire", title: "Wire"), Digest.FeedHealth(name: "silent", title: "Silent & Co"),
            Digest.FeedHealth(name: "broken", title: "Broken", lastError: "HTTP 503 <Service Unavailable>"),
            Digest.FeedHealth(name: "flaky", title: "Flaky", earlierError: "timed out after 30 s"),
        ]
        let earlier = [DigestFixtures.item(
            "eve", feed: "radio", title: "North Korea fires ballistic missile into East Sea, JCS says", at: -20 * 3600,
            labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"])]
        return DigestBuilder(timeZone: DigestFixtures.seoul, feeds: feeds)
            .build(day: day, items: items.filter { $0.day == day }, earlier: earlier, final: final)
    }

    static func temporaryFolder() throws -> Directory {
        try Directory(path: ScratchFolder.path("digest-formats"), create: true)
    }

    @Test("the rich digest really has a follow-up, a missing link and a missing title")
    func fixtureCoversTheLayout() {
        let digest = Self.richDigest(final: true)
        let stories = digest.provocations + digest.diplomatic
        #expect(stories.contains { $0.firstReported != nil })
        #expect(stories.contains { $0.sources.contains { $0.link == nil && $0.title == nil } })
        #expect(!digest.focusOther.isEmpty && digest.feeds.contains { $0.lastError != nil })
        #expect(digest.feeds.contains { $0.status == "recovered" })
    }

    @Test("the JSON digest validates against docs/digest.schema.json",
          .enabled(if: Python.has("jsonschema"), "needs python3 with jsonschema (Debian: python3-jsonschema)"))
    func jsonMatchesSchema() throws {
        let folder = try Self.temporaryFolder()
        let schema = Self.repository.appendingPathComponent("docs/digest.schema.json").path
        for final in [false, true] {
            let written = try DigestWriter(directory: folder.path, timeZone: DigestFixtures.seoul)
                .write(Self.richDigest(final: final))
            let result = try Python.run("""
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator.check_schema(schema)
                checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
                errors = [f"{list(e.path)}: {e.message}" for e in checker.iter_errors(json.load(open(sys.argv[2])))]
                print("\\n".join(errors) or "valid")
                """, arguments: [schema, written.json], needing: "jsonschema")
            #expect(result == "valid")
        }
        // The check can fail: a digest with a wrong version is refused.
        let bad = folder.pathOf("bad.json")
        let written = folder.pathOf(Self.richDigest(final: true).date + ".json")
        var text = try String(contentsOfFile: written, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 1")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try Python.run("""
            import json, sys, jsonschema
            checker = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            print(len(list(checker.iter_errors(json.load(open(sys.argv[2]))))))
            """, arguments: [schema, bad], needing: "jsonschema")
        #expect(refused == "1")
    }

    @Test("feedparser reads the digest feed with no error, one entry per final day, newest first",
          .enabled(if: Python.has("feedparser"), "needs python3 with feedparser (Debian: python3-feedparser)"))
    func feedParsesCleanly() throws {
        let folder = try Self.temporaryFolder()
        let writer = DigestWriter(directory: folder.path, timeZone: DigestFixtures.seoul)
        let digest = Self.richDigest(final: true)
        try writer.write(digest)
        var nextDay = digest
        nextDay.date = "2026-03-05"
        try writer.write(nextDay)
        var open = digest
        open.date = "2026-03-06"
        open.final = false
        try writer.write(open)
        let feed = DigestFeed(title: "Peninsula watch", baseURL: "https://digests.example/kr",
                              calendar: DigestCalendar(timeZone: DigestFixtures.seoul, graceHours: 6))
        try feed.refresh(in: folder)
        let path = folder.pathOf(DigestFeed.fileName)
        let result = try Python.run("""
            import sys, feedparser
            d = feedparser.parse(sys.argv[1])
            print(int(d.bozo), d.version, len(d.entries))
            for e in d.entries:
                print(e.id, e.title, e.link, e.updated)
            print("&lt;script&gt;alert(1)&lt;/script&gt;" in d.entries[0].content[0].value)
            """, arguments: [path], needing: "feedparser")
        let lines = result.split(separator: "\n").map(String.init)
        #expect(lines.first == "0 atom10 2", "\(result)")
        #expect(lines.count == 4)
        #expect(lines[1].contains("Peninsula watch for 2026-03-05"))
        #expect(lines[1].contains("https://digests.example/kr/2026-03-05.md"))
        #expect(lines[1].hasSuffix("2026-03-05T21:00:00Z"), "updated when the day closed: midnight plus 6 h in Seoul")
        #expect(lines[2].contains("for 2026-03-04"))
        #expect(lines.last == "True", "the hostile title survives as text: escaped, so no sanitizer removed it")

        // Rewriting from the same digests gives the same bytes, identifiers included.
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try feed.refresh(in: folder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a feed without base_url over 32 final days: feedparser reads the newest 30, with no error",
          .enabled(if: Python.has("feedparser"), "needs python3 with feedparser (Debian: python3-feedparser)"))
    func feedKeepsTheLatestThirty() throws {
        let folder = try Self.temporaryFolder()
        let writer = DigestWriter(directory: folder.path, timeZone: DigestFixtures.seoul)
        var digest = Self.richDigest(final: true)
        let calendar = DigestCalendar(timeZone: DigestFixtures.seoul, graceHours: 6)
        var days: [String] = []
        for _ in 0..<32 {
            days.append(digest.date)
            try writer.write(digest)
            digest.date = try #require(calendar.previous(digest.date))
        }
        try DigestFeed(title: "Watch", baseURL: nil, calendar: calendar).refresh(in: folder)
        let result = try Python.run("""
            import sys, feedparser
            d = feedparser.parse(sys.argv[1])
            print(int(d.bozo), len(d.entries), sum(1 for e in d.entries if e.get("link", "").startswith("http")))
            for e in d.entries:
                print(e.title.rsplit(" ", 1)[-1])
            """, arguments: [folder.pathOf(DigestFeed.fileName)], needing: "feedparser")
        let lines = result.split(separator: "\n").map(String.init)
        // feedparser gives an entry without a link its id as link, hence "web links".
        #expect(lines.first == "0 30 0", "no error, the newest 30 entries, no web links without a base URL: \(result)")
        #expect(Array(lines.dropFirst()) == Array(days.prefix(30)), "newest first, the two oldest days left out")
    }

    @Test("entry identifiers are version 8 UUIDs, one per day, stable for a feed")
    func entryIdentifiers() throws {
        let feed = "2f1d43a8-5f0e-4c39-9d1b-0d0b8f6a7e21"
        let first = DigestFeed.entryID(feedID: feed, day: "2026-03-04")
        let uuid = try #require(UUID(uuidString: first))
        #expect(uuid.uuid.6 >> 4 == 8 && uuid.uuid.8 >> 6 == 0b10)
        #expect(first == DigestFeed.entryID(feedID: feed, day: "2026-03-04"))
        #expect(first != DigestFeed.entryID(feedID: feed, day: "2026-03-05"))
        #expect(first != DigestFeed.entryID(feedID: "another", day: "2026-03-04"))
    }
}

/// Runs small Python checks with the reference tools, where they are installed.
///
/// The Debian packages the build's dependency script installs (python3-jsonschema,
/// python3-feedparser) go to the system's interpreter, which need not be the `python3` first on
/// the `PATH` (a version manager's, say); so each check runs with the first interpreter that
/// has its module: the system's, then the one on the `PATH`.
enum Python {
    static let interpreters = ["/usr/bin/python3", "python3"]

    static func has(_ module: String) -> Bool { interpreter(having: module) != nil }

    /// The first of ``interpreters`` that imports `module`.
    static func interpreter(having module: String) -> String? {
        interpreters.first { (try? run("import \(module)\nprint('ok')", arguments: [], with: $0)) == "ok" }
    }

    /// Runs `script` with `python3 -c` (the interpreter that has `module`) and returns its
    /// standard output, trimmed.
    static func run(_ script: String, arguments: [String], needing module: String) throws -> String {
        try run(script, arguments: arguments, with: interpreter(having: module) ?? "python3")
    }

    private static func run(_ script: String, arguments: [String], with interpreter: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, "-W", "ignore", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
