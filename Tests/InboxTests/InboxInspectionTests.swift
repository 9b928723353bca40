import Foundation
import Inbox
import Testing
import TestSupport

@Suite("File inbox: inspection and repair")
struct InboxInspectionTests {
    let root = ScratchFolder.path("inbox-inspect")

    @Test("list shows each folder with attempts and, for dead letters, the reason; show finds an item anywhere")
    func listAndShow() throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 3)
        _ = try inbox.enqueue([InboxItem(id: "r", payload: Array("ready".utf8)), InboxItem(id: "d", payload: Array("dead".utf8))])
        var claim = try #require(try inbox.claim())
        if claim.id == "r" {
            try inbox.release(claim)
            claim = try #require(try inbox.claim())
        }
        try inbox.fail(claim, reason: "cannot parse", permanent: true)
        #expect(try inbox.list(.ready).map(\.id) == ["r"])
        let dead = try inbox.list(.dead)
        #expect(dead.map(\.id) == ["d"])
        #expect(dead.first?.reason == "cannot parse")
        #expect(dead.first?.attempts == 0)
        let shown = try #require(try inbox.payload(of: "d"))
        #expect(shown.entry.folder == .dead)
        #expect(shown.payload == Array("dead".utf8))
        #expect(try inbox.payload(of: "nothing") == nil)
    }

    @Test("a requeued dead letter is ready again with a fresh attempt count and no error file")
    func requeue() throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 1)
        _ = try inbox.enqueue([InboxItem(id: "x", payload: [1])])
        try inbox.fail(try #require(try inbox.claim()), reason: "boom", permanent: false)
        #expect(try inbox.depths() == InboxDepths(dead: 1))
        #expect(try inbox.requeueDead("x"))
        #expect(try inbox.requeueDead("x") == false)
        #expect(try inbox.depths() == InboxDepths(ready: 1))
        #expect(!FileManager.default.fileExists(atPath: root + "/inbox/dead/x.err"))
        #expect(try #require(try inbox.claim()).attempt == 1)
    }
}
