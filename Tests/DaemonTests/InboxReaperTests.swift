@testable import Daemon
import Foundation
import Inbox
import InMemoryLogging
import Logging
import Testing
import TestSupport

/// The reaper's log: an operator hears of a claimed entry it cannot open once, not on every pass.
@Suite("Inbox reaper")
struct InboxReaperTests {
    let root = ScratchFolder.path("reaper")

    @Test("a claimed entry that cannot be opened is warned about once, and again when the set changes")
    func unopenableWarnedOnce() throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let logs = InMemoryLogHandler()
        let reaper = InboxReaper(inbox: inbox, logger: Logger(label: "test") { _ in logs })
        func warnings() -> [String] {
            logs.entries.filter { $0.level == .warning }.map { "\($0.message) \($0.metadata["inbox.first"] ?? "")" }
        }
        try reaper.run()
        #expect(warnings().isEmpty, "a clean inbox says nothing")
        // A folder where a claimed item's file should be: no open as a file succeeds, root's included.
        try FileManager.default.createDirectory(atPath: root + "/inbox/cur/stray", withIntermediateDirectories: false)
        try reaper.run()
        try reaper.run()
        #expect(warnings().count == 1, "\(warnings())")
        #expect(warnings().first?.contains("stray") == true)
        try FileManager.default.createDirectory(atPath: root + "/inbox/cur/another", withIntermediateDirectories: false)
        try reaper.run()
        #expect(warnings().count == 2, "a new entry is news")
    }
}
