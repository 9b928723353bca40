import Config
import Curl
@testable import Fetcher
import Foundation
import InMemoryLogging
import Inbox
import Logging
import TestSupport
import Testing

/// A real full disk: the inbox and the feed state on a small tmpfs filled to the last byte.
/// Needs root to mount it (CI runs as root); skipped with a message elsewhere.
@Suite("Full disk", .serialized, .offPool)
struct DiskFullTests {
    /// Whether this process may mount a tmpfs (tried once, on a scratch folder).
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let point = ScratchFolder.path("mount-probe")
        try? FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: point) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", point]) else { return false }
        return run("/bin/umount", [point])
    }()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Fills the file system of `folder` with one file until it reports no space.
    static func fill(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        #expect(errno == ENOSPC, "the filler stops at a full disk")
        var byte: UInt8 = 0x61
        #expect(write(fd, &byte, 1) < 0, "not one byte more")
    }

    static func feed(_ name: String) -> String {
        var items = ""
        for n in 1...5 {
            items += "<item><guid>\(name)-\(n)</guid>"
                + "<title>Talks on a full disk, item \(n) of feed \(name)</title></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>\(items)</channel></rss>"
    }

    @Test("a full disk: one error line, no partial item, feeds deferred; space back: one notice, every item stored",
          .enabled(if: canMount, "needs root to mount a tmpfs"))
    func fullDiskPausesAndResumes() async throws {
        let point = ScratchFolder.path("full-disk")
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        try #require(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", point]))
        defer {
            Self.run("/bin/umount", ["-l", point])
            try? FileManager.default.removeItem(atPath: point)
        }
        let server = try LoopbackHTTPServer(routes: [
            "/a.xml": .ok(body: Self.feed("a"), contentType: "application/rss+xml"),
            "/b.xml": .ok(body: Self.feed("b"), contentType: "application/rss+xml"),
            "/c.xml": .ok(body: Self.feed("c"), contentType: "application/rss+xml"),
        ])
        defer { server.stop() }
        let feeds = ["a", "b", "c"].map { FeedSource(name: $0, url: server.url("/\($0).xml")) }
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        let inbox = try FileInbox(directory: point + "/inbox", resultsDirectory: point + "/classified")
        var round = FetchRound(
            fetcher: FeedFetcher(
                client: try CurlClient(configuration: .init(maxTotalConnections: 4, maxHostConnections: 4)),
                settings: Configuration.Fetch(timeoutSeconds: 5, connectTimeoutSeconds: 2),
                userAgent: "brinkwatch-test"),
            inbox: inbox, states: FeedStateStore(directory: point + "/state"),
            policy: SchedulePolicy(minimum: 600, maximum: 3600), logger: logger)
        round.hostSpacing = .zero
        round.hostConnections = 4
        round.diskSpace = DiskSpaceAlarm(path: point + "/inbox", logger: logger)
        try FileManager.default.createDirectory(atPath: point + "/state", withIntermediateDirectories: true)

        try Self.fill(point + "/filler")
        let full = await round.run(feeds)
        #expect(full.enqueued == 0 && full.failed == 3, "\(full)")
        let errors = logs.entries.filter { $0.level >= .error }
        #expect(errors.count == 1, "one error for the whole disk, not one per feed: \(errors.map(\.message))")
        #expect(errors.first?.message.description.contains("disk full") == true)
        #expect(try inbox.depths() == InboxDepths(), "nothing ready, nothing half-written left behind")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: point + "/inbox/new")
        #expect(leftovers.isEmpty, "no partial item in new/: \(leftovers)")

        // Still full: the next round fetches nothing and defers every feed.
        let requests = server.requests.count
        let paused = await round.run(feeds)
        #expect(paused.deferred.sorted() == ["a", "b", "c"])
        #expect(server.requests.count == requests, "no download while nothing can be stored")

        // Space returns: the round fetches again, says so once, and stores every item whole.
        try FileManager.default.removeItem(atPath: point + "/filler")
        let resumed = await round.run(feeds)
        #expect(resumed.enqueued == 15 && resumed.deferred.isEmpty, "\(resumed)")
        #expect(logs.entries.filter { $0.level >= .error }.count == 1, "no further error")
        let notices = logs.entries.filter { $0.level == .notice && $0.message.description.contains("available again") }
        #expect(notices.count == 1)
        #expect(try inbox.depths().ready == 15)
        for name in try FileManager.default.contentsOfDirectory(atPath: point + "/inbox/new") {
            let data = try Data(contentsOf: URL(fileURLWithPath: point + "/inbox/new/" + name))
            #expect(try JSONSerialization.jsonObject(with: data) is [String: Any], "\(name) is a whole item")
        }
    }
}
