@testable import Daemon
import Foundation
import Logging
import Synchronization
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

    @Test("a full queue drops a ping at once, while a state change waits for room and gets through", .offPool)
    func fullQueue() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        var queued = 0
        while queued < 10_000, notifier.notify(["WATCHDOG=1"]) { queued += 1 }
        try #require(queued < 10_000, "the socket's queue never filled")
        let ping = ContinuousClock.now
        #expect(notifier.notify(["WATCHDOG=1"]) == false, "a ping finding the queue full is dropped")
        #expect(ContinuousClock.now - ping < .seconds(1), "without waiting")

        // Nobody reads for the first half second; then a reader drains everything that comes.
        let seen = Mutex<[String]>([])
        let reader = Thread {
            usleep(500_000)
            while let message = socket.receive(timeout: 10) {
                seen.withLock { $0.append(message) }
                if message == "STOPPING=1" { break }
            }
        }
        reader.start()
        let start = ContinuousClock.now
        #expect(notifier.notify(["STOPPING=1"], patience: .seconds(30)), "sent once the queue had room")
        #expect(ContinuousClock.now - start >= .milliseconds(300), "it waited for the reader")
        let deadline = Date().addingTimeInterval(30)
        while seen.withLock({ $0.last }) != "STOPPING=1", Date() < deadline { usleep(10_000) }
        #expect(seen.withLock { $0.last } == "STOPPING=1")
        #expect(seen.withLock { $0.count } == queued + 1, "every queued ping, then the state change")
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
