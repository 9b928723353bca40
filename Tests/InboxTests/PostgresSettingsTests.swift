import PostgresQueue
import Testing

@Suite("PostgreSQL connection URLs")
struct PostgresSettingsTests {
    @Test("a TCP URL gives host, port, user, password, database and TLS mode")
    func tcp() throws {
        let settings = try PostgresSettings(
            url: "postgresql://queue:s%40cret@db.example.org:6543/news?sslmode=verify-full&sslrootcert=/etc/ca.pem",
            environment: [:])
        #expect(settings.host == "db.example.org")
        #expect(settings.port == 6543)
        #expect(settings.user == "queue")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "news")
        #expect(settings.tls == .verifyFull)
        #expect(settings.rootCertificate == "/etc/ca.pem")
        #expect(settings.socketPath == nil)
        #expect(settings.summary == "queue@db.example.org:6543/news", "no password in what is logged")
    }

    @Test("a socket folder in host= gives the socket path; the defaults fill the rest")
    func socket() throws {
        let settings = try PostgresSettings(
            url: "postgresql:///brink?host=/run/postgresql", environment: ["USER": "svc", "PGPASSWORD": "pw"])
        #expect(settings.socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(settings.user == "svc")
        #expect(settings.password == "pw")
        #expect(settings.database == "brink")
        #expect(settings.tls == .prefer)
        let bare = try PostgresSettings(url: "postgres://ops@localhost", environment: [:])
        #expect(bare.database == "ops", "the database defaults to the user's name, as in libpq")
    }

    @Test("bad URLs are refused with a message that names the problem and never the password")
    func refused() {
        let cases: [(String, String)] = [
            ("mysql://u:hunter2@h/db", "not a postgresql:// URL"),
            ("postgresql://u@h:99999/db", "is not a TCP port"),
            ("postgresql://u@h/db?sslmode=always", "sslmode \"always\""),
            ("postgresql://u@h/db?colour=blue", "unknown connection parameter \"colour\""),
            ("postgresql://u@/db?host=/run/pg&sslmode=require", "does not apply to a Unix socket"),
        ]
        for (url, expected) in cases {
            do {
                _ = try PostgresSettings(url: url, environment: [:])
                Issue.record("accepted \(url)")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
                #expect(!error.description.contains("hunter2"))
            }
        }
    }
}
