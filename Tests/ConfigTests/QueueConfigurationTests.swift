import Config
import Foundation
import Testing

@Suite("Queue configuration")
struct QueueConfigurationTests {
    static func parse(_ table: String) throws -> Configuration.Queue {
        try Configuration.parse("[queue]\n" + table, file: "/etc/brinkwatch/brinkwatch.toml").queue
    }

    @Test("without a [queue] table the queue is files, with a 120 s lease")
    func files() throws {
        let queue = try Configuration.parse("", file: "/etc/brinkwatch/brinkwatch.toml").queue
        #expect(queue.store == .files)
        #expect(queue.leaseSeconds == 120)
        #expect(queue.summary == "files")
    }

    @Test("a PostgreSQL store keeps its URL and lease; the summary hides the password")
    func postgresql() throws {
        let queue = try Self.parse(
            "store = \"postgresql\"\nurl = \"postgresql://bw:secret@db.example.org/bw\"\nlease_seconds = 30\n")
        #expect(queue.store == .postgresql(url: "postgresql://bw:secret@db.example.org/bw"))
        #expect(queue.leaseSeconds == 30)
        #expect(queue.summary == "postgresql (postgresql://bw:***@db.example.org/bw)")
    }

    @Test("mistakes are refused with the key and what was expected", arguments: [
        ("store = \"redis\"\n", "'redis' is not a store"),
        ("store = \"postgresql\"\n", "needs a url"),
        ("store = \"postgresql\"\nurl = \"mysql://u:pw@h/db\"\n", "is not a postgresql:// URL"),
        ("url = \"postgresql://h/db\"\n", "a url is for store = \"postgresql\""),
        ("store = \"postgresql\"\nurl = \"postgresql://h/db\"\nlease_seconds = 1\n", "lease_seconds"),
        ("stor = \"files\"\n", "stor"),
    ])
    func refused(table: String, expected: String) {
        do {
            _ = try Self.parse(table)
            Issue.record("accepted: \(table)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect(!"\(error)".contains(":pw@"), "no password in the message")
        }
    }
}
