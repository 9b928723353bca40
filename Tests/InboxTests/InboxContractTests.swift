import Foundation
import Inbox
import TestSupport
import Testing

/// The queue protocol's promises, checked the same way on every implementation: the file inbox
/// and PostgreSQL.
@Suite("Queue contract (file inbox and PostgreSQL)")
struct InboxContractTests {
    func item(_ id: String) -> InboxItem { InboxItem(id: id, payload: Array("payload of \(id)".utf8)) }

    @Test("an item is claimed once with its payload (any bytes) and completed into a readable result", arguments: QueueKind.allCases)
    func enqueueClaimComplete(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        var bytes: [UInt8] = Array(0...255)
        bytes.append(contentsOf: [0, 0] as [UInt8])
        let binary = InboxItem(id: "bin", payload: bytes)
        #expect(try inbox.enqueue([item("a1"), binary]).sorted() == ["a1", "bin"])
        #expect(try inbox.depths() == InboxDepths(ready: 2))

        let claims = try inbox.claimAll(upTo: 10)
        #expect(try inbox.claim() == nil)
        #expect(Set(claims.map(\.id)) == ["a1", "bin"])
        for claim in claims { #expect(claim.attempt == 1) }
        let binaryClaim = try #require(claims.first { (claim: Claim) -> Bool in claim.id == "bin" })
        #expect(binaryClaim.payload == binary.payload)
        #expect(try inbox.depths() == InboxDepths(claimed: 2))

        let first = try #require(claims.first { (claim: Claim) -> Bool in claim.id == "a1" })
        try inbox.complete(first, result: Array("result".utf8), bucket: "2026-01-02")
        #expect(inbox.hasResult("a1", bucket: "2026-01-02"))
        #expect(!inbox.hasResult("a1", bucket: "2026-01-03"))
        #expect(try inbox.result("a1", bucket: "2026-01-02") == Array("result".utf8))
        #expect(try inbox.result("bin", bucket: "2026-01-02") == nil)
        #expect(try inbox.depths() == InboxDepths(claimed: 1))
    }

    @Test("a group claim takes up to its limit, each item once; an empty queue gives none", arguments: QueueKind.allCases)
    func groupClaim(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        let ids: [String] = (1...7).map { (n: Int) -> String in "g\(n)" }
        _ = try inbox.enqueue(ids.map(item))
        let first = try inbox.claimAll(upTo: 5)
        let second = try inbox.claimAll(upTo: 5)
        #expect(first.count == 5 && second.count == 2)
        let all = first + second
        #expect(Set(all.map(\.id)) == Set(ids))
        for claim in all { #expect(claim.payload == Array("payload of \(claim.id)".utf8)) }
        #expect(try inbox.claimAll(upTo: 5).isEmpty)
        try inbox.completeAll(all.map { Completion(claim: $0, result: Array("r".utf8), bucket: "d") })
        #expect(try inbox.depths() == InboxDepths())
        for claim in all { #expect(inbox.hasResult(claim.id, bucket: "d")) }
    }

    @Test("an id delivered again while ready, claimed, retried or dead is not queued twice", arguments: QueueKind.allCases)
    func redelivery(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 2).inbox
        #expect(try inbox.enqueue([item("same"), item("same")]) == ["same"])
        #expect(try inbox.enqueue([item("same")]) == [])
        _ = try inbox.enqueue([item("claimed"), item("retried"), item("dead")])
        var held: [Claim] = []
        while let claim = try inbox.claim() { held.append(claim) }
        for claim in held where claim.id == "retried" { try inbox.fail(claim, reason: "once", permanent: false) }
        for claim in held where claim.id == "dead" { try inbox.fail(claim, reason: "bad", permanent: true) }
        #expect(try inbox.enqueue([item("same"), item("claimed"), item("retried"), item("dead")]) == [])
        #expect(try inbox.depths() == InboxDepths(ready: 1, claimed: 2, dead: 1))
        _ = held
    }

    @Test("completing the same id twice keeps one result, the first", arguments: QueueKind.allCases)
    func resultsExactlyOnce(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        _ = try inbox.enqueue([item("x")])
        try inbox.complete(try #require(try inbox.claim()), result: Array("first".utf8), bucket: "d")
        // Delivered again after it was done (a fetcher that lost its record of it): processed
        // again, but its result is not doubled.
        #expect(try inbox.enqueue([item("x")]) == ["x"])
        try inbox.complete(try #require(try inbox.claim()), result: Array("second".utf8), bucket: "d")
        #expect(try inbox.result("x", bucket: "d") == Array("first".utf8))
        #expect(try inbox.depths() == InboxDepths())
    }

    @Test("a batch completes across buckets at once; a result stored earlier is kept", arguments: QueueKind.allCases)
    func completeAllAcrossBuckets(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        _ = try inbox.enqueue([item("early")])
        let early = try #require(try inbox.claim())
        try inbox.complete(early, result: Array("earlier".utf8), bucket: "b")
        var again: [InboxItem] = (1...6).map { (n: Int) -> InboxItem in item("i\(n)") }
        again.append(item("early"))
        _ = try inbox.enqueue(again)
        let claims = try inbox.claimAll(upTo: 10)
        #expect(claims.count == 7)
        var completions: [Completion] = []
        for claim in claims {
            let number = Int(claim.id.dropFirst()) ?? 1
            let bucket = claim.id == "early" || number % 2 == 1 ? "b" : "a"
            completions.append(Completion(claim: claim, result: Array("result of \(claim.id)".utf8), bucket: bucket))
        }
        try inbox.completeAll(completions)
        #expect(try inbox.depths() == InboxDepths())
        #expect(try inbox.result("early", bucket: "b") == Array("earlier".utf8))
        #expect(try inbox.result("i4", bucket: "a") == Array("result of i4".utf8))
        #expect(try inbox.result("i5", bucket: "b") == Array("result of i5".utf8))
        #expect(try inbox.result("i5", bucket: "a") == nil)
    }

    @Test("a failing item is retried with its attempts counted, then dead with the reason", arguments: QueueKind.allCases)
    func retriesThenDead(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        _ = try inbox.enqueue([item("poison"), item("p")])
        // Every claim stays alive to the end: a failed item must be free for the next claim at
        // once, not only when its claim object goes away.
        var kept: [Claim] = []
        defer { withExtendedLifetime(kept) {} }
        for attempt in 1...3 {
            let claims = try inbox.claimAll(upTo: 2)
            kept += claims
            let poison = try #require(claims.first { (claim: Claim) -> Bool in claim.id == "poison" })
            #expect(poison.attempt == attempt)
            try inbox.fail(poison, reason: "bad payload", permanent: false)
            if let p = claims.first(where: { $0.id == "p" }) { try inbox.fail(p, reason: "not JSON", permanent: true) }
        }
        #expect(try inbox.claim() == nil)
        #expect(try inbox.depths() == InboxDepths(dead: 2))
        let dead: [InboxEntry] = try inbox.list(.dead)
        let poison = try #require(dead.first { (entry: InboxEntry) -> Bool in entry.id == "poison" })
        let p = try #require(dead.first { (entry: InboxEntry) -> Bool in entry.id == "p" })
        #expect(poison.reason == "bad payload")
        #expect(p.reason == "not JSON")
    }

    @Test("a release puts the item back without counting the attempt", arguments: QueueKind.allCases)
    func releaseKeepsAttempts(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 2).inbox
        _ = try inbox.enqueue([item("r")])
        var kept: [Claim] = []  // released claims kept alive: the item is free all the same
        for _ in 0..<3 {
            let claim = try #require(try inbox.claim())
            try inbox.release(claim)
            kept.append(claim)
        }
        #expect(try inbox.claim()?.attempt == 1)
        withExtendedLifetime(kept) {}
    }

    @Test("recovery leaves live claims alone and returns abandoned ones with their attempt counted", arguments: QueueKind.allCases)
    func recovery(kind: QueueKind) async throws {
        let queue = try await kind.make(maxAttempts: 3)
        let inbox = queue.inbox
        _ = try inbox.enqueue([item("live"), item("gone")])
        let both: [Claim] = try inbox.claimAll(upTo: 2)
        let live = try #require(both.first { (claim: Claim) -> Bool in claim.id == "live" })
        _ = consume both  // "gone" is dropped: its holder is gone
        try queue.abandon(["gone"])
        let report = try inbox.recover()
        #expect(report.requeued == 1)
        let again = try #require(try inbox.claim())
        #expect(again.id == "gone")
        #expect(again.attempt == 2)
        #expect(try inbox.recover() == InboxRecovery(), "live claims are never taken back")
        try inbox.complete(live, result: [], bucket: "d")
        try inbox.complete(again, result: [], bucket: "d")
        #expect(try inbox.depths() == InboxDepths())
    }

    @Test("an item whose holder died at every attempt ends in the dead letters", arguments: QueueKind.allCases)
    func crashLoopBounded(kind: QueueKind) async throws {
        let queue = try await kind.make(maxAttempts: 2)
        let inbox = queue.inbox
        _ = try inbox.enqueue([item("poison")])
        for _ in 0..<2 {
            _ = try #require(try inbox.claim())  // dropped unfinished, as by a worker that crashed
            try queue.abandon(["poison"])
            _ = try inbox.recover()
        }
        #expect(try inbox.claim() == nil)
        #expect(try inbox.depths() == InboxDepths(dead: 1))
        let reason: String = try inbox.list(.dead).first?.reason ?? ""
        #expect(reason.contains("gave up after 2 attempts"))
    }

    @Test("concurrent workers never claim the same item twice", arguments: QueueKind.allCases)
    func concurrentClaims(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        let ids: [String] = (0..<300).map { (n: Int) -> String in "item\(n)" }
        _ = try inbox.enqueue(ids.map(item))
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    try await OffPool.run { () throws -> [String] in
                        var mine: [String] = []
                        while true {
                            let claims = try inbox.claimAll(upTo: worker + 1)
                            if claims.isEmpty { return mine }
                            mine += claims.map(\.id)
                            try inbox.completeAll(claims.map { Completion(claim: $0, result: [], bucket: "b") })
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == ids.count)
        #expect(Set(claimed) == Set(ids))
        #expect(try inbox.depths() == InboxDepths())
    }

    @Test("invalid ids are refused before anything is stored", arguments: QueueKind.allCases)
    func invalidID(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        let batch: [InboxItem] = [item("ok"), InboxItem(id: "../escape", payload: [])]
        #expect(throws: InboxError.self) { try inbox.enqueue(batch) }
        #expect(try inbox.depths() == InboxDepths())
    }

    @Test("an operator lists each folder, shows an item anywhere, requeues and removes dead letters", arguments: QueueKind.allCases)
    func inspection(kind: QueueKind) async throws {
        let inbox = try await kind.make(maxAttempts: 3).inbox
        _ = try inbox.enqueue([item("ready1"), item("held"), item("dead1"), item("dead2")])
        var held: [Claim] = []
        for claim in try inbox.claimAll(upTo: 4) {
            if claim.id == "ready1" {
                try inbox.release(claim)
            } else if claim.id.hasPrefix("dead") {
                try inbox.fail(claim, reason: "broken \(claim.id)", permanent: true)
            } else {
                held.append(claim)
            }
        }
        #expect(try inbox.list(.ready).map(\.id) == ["ready1"])
        #expect(try inbox.list(.claimed).map(\.id) == ["held"])
        #expect(try inbox.list(.dead).map(\.id).sorted() == ["dead1", "dead2"])
        for entry in try inbox.list(.dead) { #expect(entry.age >= 0 && entry.age < 600) }

        let shown = try #require(try inbox.payload(of: "dead1"))
        #expect(shown.entry.folder == .dead && shown.entry.reason == "broken dead1")
        #expect(shown.payload == Array("payload of dead1".utf8))
        #expect(try inbox.payload(of: "held")?.entry.folder == .claimed)
        #expect(try inbox.payload(of: "nothing") == nil)

        #expect(try inbox.requeueDead("dead1"))
        #expect(try !inbox.requeueDead("dead1"), "already requeued")
        #expect(try inbox.removeDead("dead2"))
        #expect(try !inbox.removeDead("dead2"))
        #expect(try inbox.depths() == InboxDepths(ready: 2, claimed: 1))
        let ready: [Claim] = try inbox.claimAll(upTo: 2)
        let requeued = try #require(ready.first { (claim: Claim) -> Bool in claim.id == "dead1" })
        #expect(requeued.attempt == 1, "a requeued dead letter starts its attempts afresh")
        _ = held
    }
}
