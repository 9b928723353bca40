@testable import Daemon
import Foundation
import TestSupport
import Testing

/// The waits below last 30 s unless something ends them; the bounds only have to tell "ended by
/// the ring" from "ended by the timeout", with room for a busy shared machine.
@Suite("Doorbell", .offPool)
struct DoorbellTests {
    @Test("a ring wakes a waiting task long before its timeout")
    func ringWakesWaiter() async {
        let doorbell = Doorbell()
        let start = ContinuousClock.now
        async let waited: Void = doorbell.wait(upTo: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        doorbell.ring()
        await waited
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test("a ring with nobody waiting is kept for the next waiter")
    func ringIsRemembered() async {
        let doorbell = Doorbell()
        doorbell.ring()
        let start = ContinuousClock.now
        await doorbell.wait(upTo: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test("without a ring the wait ends at its timeout")
    func timeout() async {
        let doorbell = Doorbell()
        let start = ContinuousClock.now
        await doorbell.wait(upTo: .milliseconds(100))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(100) && elapsed < .seconds(20))
    }
}
