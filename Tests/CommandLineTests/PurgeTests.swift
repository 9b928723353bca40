import Foundation
import TestSupport
import Testing

/// `brinkwatch inbox purge`: retention as an operator runs it.
@Suite("Inbox purge")
struct PurgeTests {
    typealias B = BrinkwatchProcess
    let scratch = ScratchFolder.path("purge")

    private func day(_ daysAgo: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Seoul")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(-daysAgo * 86_400))
    }

    private func write(_ text: String, to path: String, daysAgo: Double = 0) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let date = Date().addingTimeInterval(-daysAgo * 86_400)
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test("records and dead letters older than the retention go, with a dry run first; recent ones and digests stay")
    func purge() async throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let config = try B.writeDemoConfiguration(in: scratch)
        try (try String(contentsOfFile: config, encoding: .utf8) + "[retention]\ndays = 30\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let old = day(60)
        let recent = day(2)
        try write("{}", to: "\(scratch)/classified/\(old)/a.json")
        try write("{}", to: "\(scratch)/classified/\(old)/b.json")
        try write("{}", to: "\(scratch)/classified/\(recent)/c.json")
        try write("[]", to: "\(scratch)/state/health/\(old).json")
        try write("# digest", to: "\(scratch)/digests/\(old).md")
        try write("payload", to: "\(scratch)/inbox/dead/olddead", daysAgo: 45)
        try write("reason: test\n", to: "\(scratch)/inbox/dead/olddead.err", daysAgo: 45)
        try write("payload", to: "\(scratch)/inbox/dead/newdead", daysAgo: 1)

        let dry = try await B.run(["inbox", "purge", "--dry-run", "--config", config])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.stdout.contains("would remove 2 classified items of 1 days and 1 dead letters"), "\(dry.stdout)")
        #expect(FileManager.default.fileExists(atPath: "\(scratch)/classified/\(old)/a.json"), "a dry run removes nothing")

        let real = try await B.run(["inbox", "purge", "--config", config])
        #expect(real.status == 0, "\(real.output)")
        #expect(real.stdout.contains("removed 2 classified items of 1 days and 1 dead letters"), "\(real.stdout)")
        let files = FileManager.default
        #expect(!files.fileExists(atPath: "\(scratch)/classified/\(old)"))
        #expect(!files.fileExists(atPath: "\(scratch)/state/health/\(old).json"))
        #expect(!files.fileExists(atPath: "\(scratch)/inbox/dead/olddead"))
        #expect(!files.fileExists(atPath: "\(scratch)/inbox/dead/olddead.err"))
        #expect(files.fileExists(atPath: "\(scratch)/classified/\(recent)/c.json"))
        #expect(files.fileExists(atPath: "\(scratch)/inbox/dead/newdead"))
        #expect(files.fileExists(atPath: "\(scratch)/digests/\(old).md"), "digests are kept")
    }

    @Test("without a retention nothing is removed, and the command says so")
    func noRetention() async throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let config = try B.writeDemoConfiguration(in: scratch)
        try write("{}", to: "\(scratch)/classified/2001-01-01/a.json")
        let result = try await B.run(["inbox", "purge", "--config", config])
        #expect(result.status == 0)
        #expect(result.stdout.contains("nothing removed"))
        #expect(FileManager.default.fileExists(atPath: "\(scratch)/classified/2001-01-01/a.json"))
    }
}
