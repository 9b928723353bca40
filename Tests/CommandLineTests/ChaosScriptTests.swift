import Foundation
import TestSupport
import Testing

/// The chaos script, short: the real daemon in three processes, killed with SIGKILL twenty times
/// while it fetches and classifies, must still store and show every item exactly once; and the
/// same on a disk that fills up for a few seconds, then frees.
@Suite("Chaos script", .serialized)
struct ChaosScriptTests {
    static let tools = ["/bin/bash", "/usr/bin/python3"].allSatisfy(FileManager.default.isExecutableFile(atPath:))

    @Test("20 SIGKILLs across run and fetch processes lose no item and double none",
          .enabled(if: tools, "needs bash and python3"), .timeLimit(.minutes(5)))
    func shortChaos() async throws {
        let (status, text) = try await Self.chaos([:])
        #expect(status == 0, "\(text)")
        #expect(text.contains("RESULT: PASS"), "\(text)")
        #expect(text.contains("missing          0") && text.contains("duplicated       0"), "\(text)")
    }

    @Test("80 faster SIGKILLs on a tmpfs filled to the last byte for 8 s, then freed: no loss, no double, no dead letter",
          .enabled(if: tools && getuid() == 0, "needs bash, python3 and root (it mounts a tmpfs)"),
          .timeLimit(.minutes(5)))
    func shortChaosOnAFullDisk() async throws {
        // Kills this dense while the disk is full left good items in the dead letters (2 and 12
        // in two runs) when workers still claimed on a full disk.
        let (status, text) = try await Self.chaos([
            "FULL_DISK": "8", "FULL_DISK_MB": "64", "KILLS": "80", "KILL_MIN_MS": "50", "KILL_MAX_MS": "150",
        ])
        #expect(status == 0, "\(text)")
        #expect(text.contains("disk full (") && text.contains("disk freed ("), "the disk did fill and free: \(text)")
        #expect(text.contains("RESULT: PASS"), "\(text)")
        #expect(text.contains("dead letters     0"), "no good item spent its attempts on the full disk: \(text)")
    }

    /// Runs the script on 1,000 items with 20 kills and `extra` settings; its status and output.
    static func chaos(_ extra: [String: String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [BrinkwatchProcess.repository + "/scripts/chaos.sh"]
        var environment = ProcessInfo.processInfo.environment
        environment["BRINKWATCH_BIN"] = BrinkwatchProcess.executable
        environment["KILLS"] = "20"
        environment["FEEDS"] = "20"
        environment["ITEMS_PER_FEED"] = "50"
        environment["SEED"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        // Output to a file, not a pipe: the script's children must never block on a full pipe.
        // In a scratch folder, which goes at exit (a file beside it was left behind by every run).
        let folder = ScratchFolder.path("chaos-test")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let log = folder + "/chaos.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Waited for off the cooperative pool: other tests run meanwhile.
        _ = await OffPool.waitUntil(timeout: 300) { !process.isRunning }
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
