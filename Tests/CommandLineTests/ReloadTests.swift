import Foundation
import TestSupport
import Testing

/// `systemctl reload`: SIGHUP to a running daemon, as systemd sends it.
@Suite("Reload on SIGHUP", .offPool)
struct ReloadTests {
    typealias B = BrinkwatchProcess
    let scratch: String

    init() throws {
        scratch = ScratchFolder.path("reload")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// A configuration over the demo feed plus `extra` feeds (name, file URL), paths in `scratch`.
    private func writeConfiguration(extra: [(String, String)] = [], workers: Int = 2) throws -> String {
        try B.writeDemoConfiguration(in: scratch, extraFeeds: extra.map { (name: $0.0, url: $0.1) }, workers: workers)
    }

    /// Waits, off the cooperative pool, for `name` to appear under the scratch folder.
    private func appears(_ name: String, timeout: Double) async -> Bool {
        let path = scratch + "/" + name
        return await OffPool.waitUntil(timeout: timeout) { FileManager.default.fileExists(atPath: path) }
    }

    /// The feeds whose health the newest JSON digest shows.
    static func digestFeeds(in scratch: String) -> [String] {
        let folder = scratch + "/digests"
        guard let newest = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter({ $0.hasSuffix(".json") && $0.first?.isNumber == true }).max(),
            let data = FileManager.default.contents(atPath: folder + "/" + newest),
            let digest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let feeds = digest["feeds"] as? [[String: Any]]
        else { return [] }
        return feeds.compactMap { $0["name"] as? String }.sorted()
    }

    @Test("a new feed is fetched at once; a broken file is refused, the old one stays; RELOADING then READY")
    func reload() async throws {
        let extraFeed = scratch + "/extra.xml"
        try """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Extra</title>
            <item><guid>extra-1</guid><title>An extra item for the reload test</title></item>
            </channel></rss>
            """.write(toFile: extraFeed, atomically: true, encoding: .utf8)
        let config = try writeConfiguration()
        let socket = try NotifySocket()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: B.executable)
        process.arguments = ["run", "--config", config, "--log-level", "notice"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.address
        environment["JOURNAL_STREAM"] = "8:1234"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(socket.waitFor("READY=1", timeout: 60) != nil)
        #expect(await appears("state/feeds/demo.json", timeout: 30), "the demo feed is fetched first")

        // A valid new file: the extra feed is added (and a start-only setting changes).
        _ = try writeConfiguration(
            extra: [("extra", "file://" + extraFeed), ("missing", "file://\(scratch)/missing.xml")], workers: 3)
        kill(process.processIdentifier, SIGHUP)
        let reloading = socket.waitFor("RELOADING=1", timeout: 30)
        #expect(reloading?.contains("MONOTONIC_USEC=") == true, "\(reloading ?? "nothing")")
        #expect(socket.waitFor("READY=1", timeout: 30) != nil)
        #expect(
            await appears("state/feeds/extra.json", timeout: 30), "the new feed is fetched without a restart")
        let scratch = scratch
        // A feed with items would show in any case; one that brought none shows only from the list.
        #expect(await OffPool.waitUntil(timeout: 30) { Self.digestFeeds(in: scratch) == ["demo", "extra", "missing"] },
                "the digest's feed health follows the new list: \(Self.digestFeeds(in: scratch))")

        // A broken file: refused, the daemon keeps running on the configuration in force.
        try "[[feed]]\nname = \"x\"\nurl = 12\n".write(toFile: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        #expect(socket.waitFor("RELOADING=1", timeout: 30) != nil)
        #expect(socket.waitFor("READY=1", timeout: 30) != nil)
        #expect(process.isRunning)

        kill(process.processIdentifier, SIGTERM)
        #expect(socket.waitFor("STOPPING=1", timeout: 60) != nil)
        _ = await OffPool.waitUntil(timeout: 60) { !process.isRunning }
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = log.split(separator: "\n")
        let reloaded = lines.contains {
            $0.hasPrefix("<5>") && $0.contains("configuration reloaded") && $0.contains("extra")
        }
        #expect(reloaded, "\(log)")
        let waiting = lines.contains { $0.hasPrefix("<4>") && $0.contains("next restart") && $0.contains("workers") }
        #expect(waiting, "\(log)")
        let refusals = lines.filter { $0.hasPrefix("<3>") && $0.contains("reload refused") }
        #expect(refusals.count == 1, "\(log)")
        #expect(refusals.first?.contains("brinkwatch.toml") == true, "the refusal names the file: \(log)")
    }
}
