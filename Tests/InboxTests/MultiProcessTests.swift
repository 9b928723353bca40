import Durable
import Foundation
import Inbox
import Testing
import TestSupport

/// Several processes claiming from one inbox at once, as `brinkwatch` processes sharing a
/// folder do: each item must be claimed by exactly one of them.
@Suite("File inbox: several processes", .offPool)
struct MultiProcessTests {
    /// The worker executable sits beside the test bundle in the build products folder.
    static var worker: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let path = folder.appendingPathComponent("inbox-worker").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            folder.deleteLastPathComponent()
        }
        return "inbox-worker"
    }

    @Test("four processes drain 2,000 items; every item is claimed once, none is left")
    func noDoubleClaims() throws {
        let root = ScratchFolder.path("inbox-procs")
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let ids = (0..<2000).map { String(format: "item%05d", $0) }
        for batch in stride(from: 0, to: ids.count, by: 200) {
            _ = try inbox.enqueue(ids[batch..<min(batch + 200, ids.count)].map { InboxItem(id: $0, payload: Array($0.utf8)) })
        }

        let processes = (0..<4).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.worker)
            process.arguments = [root + "/inbox", root + "/classified"]
            process.standardOutput = Pipe()
            return process
        }
        for process in processes { try process.run() }
        var claimed: [String] = []
        for process in processes {
            let pipe = process.standardOutput as! Pipe
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            claimed += String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(claimed.count == ids.count, "claims: \(claimed.count)")
        #expect(Set(claimed) == Set(ids))
        #expect(try inbox.depths() == InboxDepths())
        var stored: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/classified/day") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/classified/day/" + name)))
            let file = RecordFile.parse(bytes)
            #expect(!file.damaged, "\(name) does not parse")
            stored += file.entries.map(\.id)
        }
        #expect(stored.sorted() == ids, "every item stored once")
    }
}
