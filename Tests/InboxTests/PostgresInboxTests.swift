#if PostgreSQL
import Foundation
import Inbox
import PostgresQueue
import TestSupport
import Testing

/// What only the PostgreSQL queue has: its schema migrations, leases that fence a late holder,
/// several daemons on one database, and connections that come back after a failure.
@Suite("PostgreSQL queue")
struct PostgresInboxTests {
    func item(_ id: String) -> InboxItem { InboxItem(id: id, payload: Array(id.utf8)) }

    @Test("the schema is created once; daemons starting together migrate it exactly once")
    func migrations() async throws {
        let database = try await PostgresTestDatabase.make()
        let links = try (0..<4).map { _ in try database.secondLink() }
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for link in links {
                group.addTask { try await OffPool.run { () throws -> [Int] in try PostgresSchema.migrate(link) } }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(applied == Array(1...PostgresSchema.latestVersion), "each version applied once in all")
        #expect(try PostgresSchema.migrate(database.link).isEmpty)
    }

    @Test("a database migrated by a newer brinkwatch is refused, with the versions in the message")
    func newerSchemaRefused() async throws {
        let database = try await PostgresTestDatabase.make()
        try PostgresSchema.migrate(database.link)
        try database.link.execute("INSERT INTO brinkwatch.migrations (version, summary) VALUES (999, 'from the future')")
        do {
            _ = try PostgresInbox(link: database.link)
            Issue.record("opened a database of schema version 999")
        } catch {
            #expect(error.description.contains("version 999, newer than this brinkwatch knows"), "\(error)")
        }
    }

    @Test("a holder whose lease ran out cannot retire the new holder's claim; one result is kept")
    func leaseFencing() async throws {
        let database = try await PostgresTestDatabase.make()
        let first = try PostgresInbox(link: database.link)
        let second = try PostgresInbox(link: try database.secondLink())
        _ = try first.enqueue([item("slow")])
        let late = try #require(try first.claim())
        try database.expireLeases(["slow"])
        #expect(try second.recover().requeued == 1)
        let current = try #require(try second.claim())
        #expect(current.attempt == 2)

        // The late holder finishes first: its result is stored (nobody stored one before), but
        // the item stays claimed by its new holder.
        try first.complete(late, result: Array("late".utf8), bucket: "d")
        #expect(try second.depths() == InboxDepths(claimed: 1))
        try first.fail(late, reason: "stale", permanent: true)
        #expect(try second.depths() == InboxDepths(claimed: 1), "a stale token moves nothing")
        try second.complete(current, result: Array("current".utf8), bucket: "d")
        #expect(try second.depths() == InboxDepths())
        #expect(try second.result("slow", bucket: "d") == Array("late".utf8))
    }

    @Test("three daemons drain 3,000 items from one database; each item is completed once")
    func severalDaemons() async throws {
        let database = try await PostgresTestDatabase.make()
        let producer = try PostgresInbox(link: database.link)
        let ids: [String] = (0..<3000).map { (n: Int) -> String in String(format: "item%05d", n) }
        for start in stride(from: 0, to: ids.count, by: 500) {
            _ = try producer.enqueue(ids[start..<start + 500].map(item))
        }
        let daemons = try (0..<3).map { _ in try PostgresInbox(link: try database.secondLink()) }
        let done = try await withThrowingTaskGroup(of: [String].self) { group in
            for daemon in daemons {
                group.addTask {
                    try await OffPool.run { () throws -> [String] in
                        var mine: [String] = []
                        while true {
                            let claims: [Claim] = try daemon.claimAll(upTo: 32)
                            if claims.isEmpty { break }
                            mine += claims.map(\.id)
                            let done: [Completion] = claims.map { (claim: Claim) -> Completion in
                                Completion(claim: claim, result: Array(claim.id.utf8), bucket: "d")
                            }
                            try daemon.completeAll(done)
                        }
                        return mine
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(done.count == ids.count, "no item claimed twice")
        #expect(Set(done) == Set(ids))
        #expect(try producer.depths() == InboxDepths())
    }

    @Test("connections the server drops cost at most one failed call, with a clear error; then it reconnects")
    func reconnects() async throws {
        let database = try await PostgresTestDatabase.make()
        let inbox = try PostgresInbox(link: try database.secondLink())
        _ = try inbox.enqueue([item("a")])
        try database.link.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        // A connection seen closed is replaced before use; one whose closing was not yet seen
        // fails the call that uses it, and only that call.
        var failures: [InboxError] = []
        var depths: InboxDepths?
        for _ in 0..<2 where depths == nil {
            do { depths = try inbox.depths() } catch { failures.append(error) }
        }
        #expect(depths == InboxDepths(ready: 1))
        #expect(failures.count <= 1)
        for failure in failures {
            #expect(failure.code == .io && failure.description.contains("cannot count the items"), "\(failure)")
        }
    }

    @Test("an unreachable server is an error naming where it was looked for, not a hang")
    func unreachable() async throws {
        let settings = try PostgresSettings(url: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", environment: [:])
        let started = Date()
        do {
            _ = try PostgresInbox(link: try PostgresLink(settings: settings))
            Issue.record("opened a queue on a closed port")
        } catch {
            #expect("\(error)".contains("nobody@127.0.0.1:1/none"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
#endif
