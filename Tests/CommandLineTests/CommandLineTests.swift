import Foundation
import TestSupport
import Testing

/// The command line, driven as a user drives it: the real executable, the repository's own
/// configuration and demo feed, a scratch folder for everything it writes.
@Suite("Command line")
struct CommandLineTests {
    typealias B = BrinkwatchProcess
    let scratch: String

    init() throws {
        scratch = ScratchFolder.path("cli")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// A configuration over the demo feed, read through its file URL, with every path in `scratch`.
    func demoConfiguration() throws -> String {
        try B.writeDemoConfiguration(in: scratch)
    }

    @Test(
        "every command has --help",
        arguments: ["run", "fetch", "parse", "classify", "eval", "digest", "status", "inbox", "feeds", "check-config"]
    )
    func help(command: String) async throws {
        let result = try await B.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: brinkwatch \(command)"))
    }

    @Test("check-config accepts the repository's configuration and explains it")
    func checkConfigDefault() async throws {
        let result = try await B.run(["check-config", "--config", "config/brinkwatch.toml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("is valid"))
        #expect(result.stdout.contains("midnight to midnight, Asia/Seoul"))
        #expect(result.stdout.contains("demo"))
    }

    @Test("a broken configuration exits 78 naming the file, the line and the key, from --config or the environment")
    func checkConfigError() async throws {
        let path = scratch + "/bad.toml"
        try "[[feed]]\nname = \"x\"\nurl = 12\n".write(toFile: path, atomically: true, encoding: .utf8)
        let direct = try await B.run(["check-config", "--config", path])
        #expect(direct.status == 78)
        #expect(direct.stderr.contains("bad.toml:3: feed[0].url: expected a string"))
        let fromEnvironment = try await B.run(["check-config"], environment: ["BRINKWATCH_CONFIG": path])
        #expect(fromEnvironment.status == 78)
        #expect(fromEnvironment.stderr.contains("bad.toml:3"))
    }

    @Test("check-config shows the metrics settings, and a bad listen address exits 78 naming it")
    func checkConfigMetrics() async throws {
        let path = try demoConfiguration()
        let base = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try await B.run(["check-config", "--config", path]).stdout.contains("metrics:     off"))

        try (base + "[metrics]\nlisten = \"0.0.0.0:9464\"\ntextfile = \"node/brinkwatch.prom\"\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let shown = try await B.run(["check-config", "--config", path])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("metrics:     http://0.0.0.0:9464/metrics (not loopback"), "\(shown.stdout)")
        #expect(shown.stdout.contains("textfile \(scratch)/node/brinkwatch.prom every 15 s"), "\(shown.stdout)")

        try (base + "[metrics]\nlisten = \"metrics.example.org:9464\"\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try await B.run(["check-config", "--config", path])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("metrics.listen: 'metrics.example.org:9464' is not a listen address"))
    }

    @Test("parse prints one JSON line per item with the documented fields")
    func parse() async throws {
        let result = try await B.run(["parse", "--format", "config/demo/demo-feed.xml"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("format: rss20"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 10)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["id", "feed", "title", "link", "published", "summary"])
        #expect((first["id"] as? String)?.count == 32)
        #expect(first["title"] as? String == "North Korea fires ballistic missile into the East Sea, Seoul says")
    }

    @Test("classify reads JSON Lines and writes labels, types and, with --explain, evidence")
    func classify() async throws {
        let input = """
            {"id":"a","title":"North Korea fires a ballistic missile","summary":"Seoul detected the launch."}
            {"id":7,"title":"Kimchi exports rise","summary":"Trade data showed growth."}

            """
        let result = try await B.run(["classify", "--explain", "--config", "config/brinkwatch.toml"], input: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        #expect(lines.count == 2)
        #expect(lines[0]["id"] as? String == "a")
        #expect(lines[0]["labels"] as? [String] == ["provocation"])
        #expect(lines[0]["types"] as? [String] == ["missile_launch"])
        #expect((lines[0]["evidence"] as? [Any])?.isEmpty == false)
        #expect(lines[1]["id"] as? String == "7")
        #expect(lines[1]["labels"] as? [String] == [])
    }

    @Test("classify reports a line that is not an item and exits 65")
    func classifyBadLine() async throws {
        let result = try await B.run(["classify", "--config", "config/brinkwatch.toml"], input: "not json\n")
        #expect(result.status == 65)
        #expect(result.stderr.contains("stdin:1: expected a JSON object"))
    }

    @Test("run --once writes today's digest; status shows the feed; digest --date rebuilds it byte for byte")
    func runStatusDigest() async throws {
        let config = try demoConfiguration()
        let run = try await B.run(["run", "--once", "--config", config, "--log-level", "error"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("items: 10 new, 10 classified"))
        let markdownLine = try #require(
            run.stdout.split(separator: "\n").first { $0.hasPrefix("digest: ") && $0.hasSuffix(".md") })
        let markdown = String(markdownLine.dropFirst("digest: ".count))
        let before = try Data(contentsOf: URL(fileURLWithPath: markdown))

        let status = try await B.run(["status", "--config", config])
        #expect(status.status == 0)
        #expect(status.stdout.range(of: #"demo +healthy"#, options: .regularExpression) != nil)
        #expect(status.stdout.contains("inbox: 0 ready, 0 claimed, 0 dead"))

        let day = String(URL(fileURLWithPath: markdown).deletingPathExtension().lastPathComponent)
        let rebuilt = try await B.run(["digest", "--date", day, "--config", config])
        #expect(rebuilt.status == 0)
        #expect(rebuilt.stdout.contains(markdown))
        #expect(try Data(contentsOf: URL(fileURLWithPath: markdown)) == before)
    }

    @Test("fetch --once fills the inbox without classifying; a second round finds nothing new")
    func fetchOnce() async throws {
        let config = try demoConfiguration()
        let first = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "error"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("items: 10 enqueued"))
        let status = try await B.run(["status", "--config", config])
        #expect(status.stdout.contains("inbox: 10 ready, 0 claimed, 0 dead"))
        let second = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "error"])
        #expect(second.stdout.contains("1 unchanged"))
        #expect(second.stdout.contains("items: 0 enqueued"))
        let badFlags = try await B.run(["fetch", "--all", "--config", config])
        #expect(badFlags.status == 64)
    }

    @Test("a feed of 1,500 new items is enqueued whole with only 512 descriptors allowed")
    func largeBatchUnderDescriptorLimit() async throws {
        let items = (1...1_500).map { "<item><guid>big-\($0)</guid><title>Item \($0)</title></item>" }
        let feed = "<rss version=\"2.0\"><channel><title>Big</title>" + items.joined() + "</channel></rss>"
        try feed.write(toFile: scratch + "/big.xml", atomically: true, encoding: .utf8)
        let config = scratch + "/brinkwatch.toml"
        try """
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            classifier = "\(B.repository)/config/classifier"
            [[feed]]
            name = "big"
            url = "file://\(scratch)/big.xml"

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await B.run(
            ["fetch", "--once", "--all", "--config", config, "--log-level", "error"], openFiles: 512)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("items: 1500 enqueued"), "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch + "/inbox/new").count == 1_500)
    }

    @Test("inbox shows the depths and the ready items, and refuses an unknown folder")
    func inboxCommand() async throws {
        let config = try demoConfiguration()
        _ = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "error"])
        let depths = try await B.run(["inbox", "--config", config])
        #expect(depths.stdout.contains("ready 10  claimed 0  dead 0"))
        let ready = try await B.run(["inbox", "list", "ready", "--config", config])
        #expect(ready.stdout.split(separator: "\n").count == 10)
        let id = try #require(ready.stdout.split(separator: " ").first.map(String.init))
        let shown = try await B.run(["inbox", "show", id, "--config", config])
        #expect(shown.stdout.hasPrefix("folder: ready\nattempts: 0\n{"))
        #expect(try await B.run(["inbox", "list", "lost", "--config", config]).status == 64)
        #expect(try await B.run(["inbox", "requeue", "nothing", "--config", config]).status == 66)
    }

    @Test("feeds export prints the network feeds as OPML")
    func feedsExport() async throws {
        let result = try await B.run(["feeds", "export", "--config", "config/brinkwatch.toml"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<?xml"))
        #expect(result.stdout.contains("xmlUrl=\"https://"))
        #expect(!result.stdout.contains("file:"))
    }

    @Test("under systemd the daemon reports READY, pings the watchdog, says STOPPING on SIGTERM, drains, exits 0", .offPool)
    func systemdLifecycle() async throws {
        let config = try demoConfiguration()
        let socket = try NotifySocket()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: B.executable)
        // At debug level the log shows each step of the stop, should this test ever fail.
        process.arguments = ["run", "--config", config, "--log-level", "debug"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.address
        environment["JOURNAL_STREAM"] = "8:1234"
        environment["WATCHDOG_USEC"] = "1000000"  // a ping every half second
        process.environment = environment
        let logPath = scratch + "/daemon.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        let ready = socket.waitFor("READY=1", timeout: 60)
        #expect(ready?.contains("STATUS=") == true, "READY with a status line: \(ready ?? "nothing")")
        #expect(socket.waitFor("WATCHDOG=1", timeout: 30) != nil)
        let stop = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        #expect(socket.waitFor("STOPPING=1", timeout: 60) != nil, "STOPPING=1 as the stop begins: \(log())")
        #expect(await OffPool.waitUntil(timeout: 60) { !process.isRunning }, "drained and gone: \(log())")
        #expect(ContinuousClock.now - stop < .seconds(30), "nothing to drain but the demo items")
        #expect(!process.isRunning && process.terminationStatus == 0)
        let lines = log().split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("<3>") || $0.hasPrefix("<2>") }, "no error lines: \(log())")
    }

    @Test("digest show prints the day's digest, coloured only on a terminal or when asked; a missing day is explained")
    func digestShow() async throws {
        let config = try demoConfiguration()
        let run = try await B.run(["run", "--once", "--config", config, "--log-level", "error"])
        let markdownLine = try #require(
            run.stdout.split(separator: "\n").first { $0.hasPrefix("digest: ") && $0.hasSuffix(".md") })
        let markdown = String(markdownLine.dropFirst("digest: ".count))
        let day = String(URL(fileURLWithPath: markdown).deletingPathExtension().lastPathComponent)
        let file = try String(contentsOfFile: markdown, encoding: .utf8)

        let piped = try await B.run(["digest", "show", "--date", day, "--config", config])
        #expect(piped.status == 0)
        #expect(piped.stdout == file, "through a pipe the Markdown comes out as written")
        let coloured = try await B.run(["digest", "show", "--date", day, "--color", "always", "--config", config])
        #expect(coloured.stdout.contains("\u{1B}[1m# brinkwatch digest for \(day)"))
        let plain = coloured.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain == file)
        // On a real terminal (a pseudo-terminal from util-linux's script), colour by itself;
        // NO_COLOR turns it off there.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
            // The environment the tests run in may itself ask for no colour.
            let command = "\(B.executable) digest show --date \(day) --config \(config)"
            let terminal = try await B.runAnywhere(
                "/usr/bin/script", ["-qec", "env -u NO_COLOR TERM=xterm " + command, "/dev/null"])
            #expect(terminal.contains("\u{1B}[1m# brinkwatch digest for \(day)"), "\(terminal.prefix(300))")
            let noColor = try await B.runAnywhere(
                "/usr/bin/script", ["-qec", "env NO_COLOR=1 TERM=xterm " + command, "/dev/null"])
            #expect(!noColor.contains("\u{1B}["), "\(noColor.prefix(300))")
            #expect(noColor.contains("# brinkwatch digest for \(day)"))
        }

        let missing = try await B.run(["digest", "show", "--date", "1999-01-01", "--config", config])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no digest for 1999-01-01"))
    }

    @Test("digest refuses a malformed date")
    func digestBadDate() async throws {
        let result = try await B.run(["digest", "--date", "2026-1-1", "--config", try demoConfiguration()])
        #expect(result.status == 64)
        #expect(result.stderr.contains("not a date of the form YYYY-MM-DD"))
    }
}
