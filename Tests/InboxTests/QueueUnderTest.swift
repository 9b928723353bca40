import Foundation
import Inbox
import PostgresQueue
import TestSupport
import Testing

/// The implementations of the queue protocol that the contract tests run against.
enum QueueKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file, postgres

    var testDescription: String { self == .file ? "file inbox" : "PostgreSQL" }

    /// A fresh, empty queue of this kind; cancels the test (a skip, with the reason) when this
    /// kind cannot run here.
    func make(maxAttempts: Int) async throws -> QueueUnderTest {
        switch self {
        case .file:
            let root = ScratchFolder.path("inbox-contract")
            let inbox = try FileInbox(
                directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: maxAttempts)
            // A file claim is abandoned when its descriptor closes: the test drops the claim.
            return QueueUnderTest(inbox: inbox, abandon: { _ in })
        case .postgres:
            #if PostgreSQL
            let database = try await PostgresTestDatabase.make()
            let inbox = try PostgresInbox(link: database.link, maxAttempts: maxAttempts)
            return QueueUnderTest(inbox: inbox, abandon: { ids in try database.expireLeases(ids) })
            #else
            try Test.cancel(Comment(rawValue: "built without the PostgreSQL trait (swift test --traits PostgreSQL runs these)"))
            #endif
        }
    }
}

/// A queue for one test, and how to make its claims look abandoned.
struct QueueUnderTest: Sendable {
    let inbox: any Inbox
    /// Makes the claims on `ids` look as if their holder had died: nothing for the file inbox
    /// (the test has already dropped them, which releases their locks), the leases run out for
    /// a database queue.
    let abandon: @Sendable ([String]) throws -> Void
}

#if PostgreSQL
/// A database of its own on the shared test server, for one test.
struct PostgresTestDatabase: Sendable {
    let server: PostgresServer
    let name: String
    let link: PostgresLink

    static func make() async throws -> PostgresTestDatabase {
        let server: PostgresServer
        do {
            server = try await PostgresServer.shared()
        } catch {
            if error.code == .missing { try Test.cancel(Comment(rawValue: error.message)) }
            throw error
        }
        let name = try await server.createDatabase()
        let link = try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
        return PostgresTestDatabase(server: server, name: name, link: link)
    }

    /// Another link to the same database, as a second daemon would have.
    func secondLink() throws -> PostgresLink {
        try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
    }

    /// Ends the leases of the claims on `ids` now, as time would for a holder that died.
    func expireLeases(_ ids: [String]) throws {
        // Test ids are plain letters and digits, safe to write into the statement.
        let list: String = ids.map { (id: String) -> String in "'" + id + "'" }.joined(separator: ", ")
        try link.execute("UPDATE brinkwatch.items SET lease_until = now() - interval '1 second' WHERE id IN (" + list + ")")
    }
}
#endif
