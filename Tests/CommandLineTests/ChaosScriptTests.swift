import Foundation
import TestSupport
import Testing

/// The chaos script, short: the real daemon in three processes, killed with SIGKILL twenty times
/// while it fetches and classifies, must still store and show every item exactly once.
@Suite("Chaos script", .serialized)
struct ChaosScriptTests {
    static let tools = ["/bin/bash", "/usr/bin/python3"].allSatisfy(FileManager.default.isExecutableFile(atPath:))

    @Test("20 SIGKILLs across run and fetch processes lose no item and double none",
          .enabled(if: tools, "needs bash and python3"), .timeLimit(.minutes(5)))
    func shortChaos() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [BrinkwatchProcess.repository + "/scripts/chaos.sh"]
        var environment = ProcessInfo.processInfo.environment
        environment["BRINKWATCH_BIN"] = BrinkwatchProcess.executable
        environment["KILLS"] = "20"
        environment["FEEDS"] = "20"
        environment["ITEMS_PER_FEED"] = "50"
        environment["SEED"] = "1"
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
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("RESULT: PASS"), "\(text)")
        #expect(text.contains("missing          0") && text.contains("duplicated       0"), "\(text)")
    }
}
