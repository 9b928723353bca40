import Durable
import Foundation
import TestSupport

/// Runs the built `brinkwatch` executable as a user would and collects what it printed.
struct BrinkwatchProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The executable sits beside the test bundle in the build products folder.
    static var executable: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products
        // The test runner may be inside the .xctest bundle on some layouts.
        for _ in 0..<4 {
            let path = candidate.appendingPathComponent("brinkwatch").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            candidate.deleteLastPathComponent()
        }
        return products.appendingPathComponent("brinkwatch").path
    }

    /// Runs the executable off the cooperative pool (a test waiting for a process must not hold
    /// one of its few threads) and returns what it printed.
    /// `openFiles` lowers the limit on open descriptors (`ulimit -n`) for the run, as a service
    /// manager's default of 1,024 would.
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], openFiles: Int? = nil
    ) async throws -> Result {
        try await OffPool.run {
            try runBlocking(arguments, input: input, environment: environment, openFiles: openFiles)
        }
    }

    /// Runs `tool` with `arguments` off the cooperative pool, from the repository, input
    /// closed; returns its standard output (standard error is dropped).
    static func runAnywhere(_ tool: String, _ arguments: [String]) async throws -> String {
        try await OffPool.run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: repository)
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func runBlocking(
        _ arguments: [String], input: String?, environment: [String: String], openFiles: Int? = nil
    ) throws -> Result {
        let process = Process()
        if let openFiles {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFiles) && exec \"$0\" \"$@\"", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BRINKWATCH_CONFIG")
        env.merge(environment) { $1 }
        process.environment = env
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a chatty process cannot block on a full pipe.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }

    /// Writes `folder/brinkwatch.toml`: the demo feed (read through its file URL) plus `extraFeeds`
    /// (name, URL), every path inside `folder`, `workers` when given; returns its path.
    static func writeDemoConfiguration(
        in folder: String, extraFeeds: [(name: String, url: String)] = [], workers: Int? = nil
    ) throws -> String {
        var text = workers.map { "workers = \($0)\n" } ?? ""
        text += """
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            classifier = "\(repository)/config/classifier"
            [[feed]]
            name = "demo"
            url = "file://\(repository)/config/demo/demo-feed.xml"

            """
        for feed in extraFeeds {
            text += "[[feed]]\nname = \"\(feed.name)\"\nurl = \"\(feed.url)\"\n"
        }
        let path = folder + "/brinkwatch.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The ids of the classified records, with how often each occurs.
    static func classified(in scratch: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        let root = scratch + "/classified"
        for day in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            // Every record written, second copies included: a graceful stop must not finish an item twice.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + day)) ?? []
            where name.hasSuffix(RecordFile.suffix) && !name.hasPrefix(".") {
                guard let data = FileManager.default.contents(atPath: root + "/" + day + "/" + name) else { continue }
                for entry in RecordFile.parse([UInt8](data)).entries { counts[entry.id, default: 0] += 1 }
            }
        }
        return counts
    }

    /// Starts `brinkwatch run` on `config` in the background, telling systemd's notify protocol
    /// to `socket`; the caller stops it.
    static func startDaemon(_ config: String, socket: NotifySocket) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", "--config", config, "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.address
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
