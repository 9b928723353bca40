@testable import Daemon
import Foundation
import Logging
import TestSupport
import Testing

@Suite("systemd integration")
struct SystemdTests {
    @Test("notifications reach a real datagram socket, by path and in the abstract namespace", arguments: [false, true])
    func notify(abstract: Bool) throws {
        let socket = try NotifySocket(abstract: abstract)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.notify(["READY=1", "STATUS=3 of 3 feeds healthy"]))
        #expect(socket.receive(timeout: 5) == "READY=1\nSTATUS=3 of 3 feeds healthy")
    }

    @Test("without NOTIFY_SOCKET nothing is sent and no watchdog is asked for")
    func inactive() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"])
        #expect(notifier.notify(["READY=1"]) == false)
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("the watchdog is pinged at half of WATCHDOG_USEC")
    func watchdogInterval() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "30000000"])
        #expect(notifier.watchdogInterval == .seconds(15))
    }

    @Test("journal lines carry the priority, no timestamp, one line per event")
    func journalFormat() {
        let lines = LineSink()
        var handler = JournalLogHandler(write: { lines.append($0) })
        handler.logLevel = .debug
        handler[metadataKey: "feed"] = "wire"
        let logger = Logger(label: "test") { _ in handler }
        logger.error("feed fetch failed", metadata: ["error": "HTTP 500\nfrom upstream"])
        logger.info("feed fetched")
        #expect(lines.all == [
            "<3>feed fetch failed error=HTTP 500 from upstream feed=wire\n",
            "<6>feed fetched feed=wire\n",
        ])
    }
}

final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
