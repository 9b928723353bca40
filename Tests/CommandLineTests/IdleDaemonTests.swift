import Foundation
import TestSupport
import Testing

/// A running daemon with nothing to do: it sleeps at (near) zero processor time, and items that
/// a separate `brinkwatch fetch` process queues wake its workers at once, not at their slow
/// fallback look (every 30 s).
@Suite("Idle daemon", .offPool)
struct IdleDaemonTests {
    typealias B = BrinkwatchProcess
    let scratch: String

    init() throws {
        scratch = ScratchFolder.path("idle")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// Processor time the process has used, in clock ticks (user plus system, /proc/PID/stat).
    static func ticks(of pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After the command name in parentheses: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Writes a feed of `count` items under `name` and a configuration for `brinkwatch fetch`
    /// beside the daemon's (same folders) that adds it; returns that configuration's path.
    func fetchConfiguration(_ name: String, count: Int) throws -> String {
        var items = ""
        for n in 0..<count { items += "<item><guid>\(name)-\(n)</guid><title>Envoys meet, round \(n)</title></item>\n" }
        try "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>\n\(items)</channel></rss>\n"
            .write(toFile: "\(scratch)/\(name).xml", atomically: true, encoding: .utf8)
        let written = try B.writeDemoConfiguration(in: scratch, extraFeeds: [(name, "file://\(scratch)/\(name).xml")])
        let path = "\(scratch)/fetch-\(name).toml"
        try FileManager.default.moveItem(atPath: written, toPath: path)
        return path
    }

    @Test("idle, the daemon uses almost no processor time; items another process queues are classified within seconds")
    func idleAndWoken() async throws {
        let first = try fetchConfiguration("first", count: 5)
        let second = try fetchConfiguration("second", count: 5)
        let config = try B.writeDemoConfiguration(in: scratch, workers: 2)
        let socket = try NotifySocket()
        let process = try B.startDaemon(config, socket: socket)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(socket.waitFor("READY=1", timeout: 60) != nil)
        let scratch = scratch
        #expect(await OffPool.waitUntil(timeout: 60) { B.classified(in: scratch).count == 10 }, "the demo feed's items")

        // Settled, then measured: a worker or timer polling in a loop would use a good part of a core.
        try await Task.sleep(for: .seconds(1))
        let pid = process.processIdentifier
        let before = try #require(Self.ticks(of: pid))
        try await Task.sleep(for: .seconds(4))
        let used = try #require(Self.ticks(of: pid)) - before
        let hertz = sysconf(Int32(_SC_CLK_TCK))
        #expect(used * 100 <= 5 * hertz, "at most 50 ms of processor time in 4 s idle; used \(used) ticks of 1/\(hertz) s")

        // Two separate fetches: the fallback look alone could meet a 5 s bound by chance once
        // (one chance in six), hardly twice.
        for (config, total) in [(first, 15), (second, 20)] {
            let fetched = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "error"])
            #expect(fetched.status == 0, "\(fetched.output)")
            #expect(await OffPool.waitUntil(timeout: 5) { B.classified(in: scratch).count == total },
                    "classified within 5 s of the fetch: \(B.classified(in: scratch).count) of \(total)")
        }
        kill(pid, SIGTERM)
        #expect(await OffPool.waitUntil(timeout: 30) { !process.isRunning })
        #expect(process.terminationStatus == 0)
    }
}
