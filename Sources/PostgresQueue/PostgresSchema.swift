#if PostgreSQL
import PostgresNIO

/// The tables brinkwatch keeps in PostgreSQL, created and migrated by brinkwatch itself.
///
/// Every table lives in the `brinkwatch` schema. Migrations are numbered and only ever added;
/// `brinkwatch.migrations` records which ran. Daemons starting at the same time migrate one after
/// another: the whole pass runs in one transaction under an advisory lock, so a second daemon
/// waits, then finds nothing left to do. A database migrated by a newer brinkwatch is refused
/// rather than used with a schema this one does not know.
public enum PostgresSchema {
    struct Migration {
        let version: Int
        let summary: String
        let statements: [String]
    }

    /// The advisory lock key that serialises migrations (any constant; this one spells "brinkwat").
    static let migrationLock: Int64 = 0x6272_696e_6b77_6174

    static let migrations: [Migration] = [
        Migration(
            version: 1, summary: "the queue: items, claims with leases, dead letters, results",
            statements: [
                """
                CREATE TABLE brinkwatch.items (
                    id text PRIMARY KEY,
                    payload bytea NOT NULL,
                    state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'claimed', 'dead')),
                    attempts integer NOT NULL DEFAULT 0,
                    enqueued_at timestamptz NOT NULL DEFAULT now(),
                    changed_at timestamptz NOT NULL DEFAULT now(),
                    lease_token uuid,
                    lease_holder text,
                    lease_until timestamptz,
                    reason text
                )
                """,
                // Claims scan only what is ready, oldest first; recovery only what is claimed.
                "CREATE INDEX items_ready ON brinkwatch.items (enqueued_at) WHERE state = 'ready'",
                "CREATE INDEX items_leases ON brinkwatch.items (lease_until) WHERE state = 'claimed'",
                """
                CREATE TABLE brinkwatch.results (
                    bucket text NOT NULL,
                    id text NOT NULL,
                    result bytea NOT NULL,
                    stored_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (bucket, id)
                )
                """,
                "CREATE INDEX results_stored ON brinkwatch.results (stored_at)",
            ]
        ),
        Migration(
            version: 2, summary: "feed states, with the leases that give each feed to one daemon at a time",
            statements: [
                """
                CREATE TABLE brinkwatch.feeds (
                    name text PRIMARY KEY,
                    state bytea,
                    saved_at timestamptz,
                    holder text,
                    lease_until timestamptz
                )
                """
            ]
        ),
        Migration(
            version: 3, summary: "each feed's remembered items in a column of their own, written only when they change",
            statements: ["ALTER TABLE brinkwatch.feeds ADD COLUMN seen bytea"]
        ),
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database to ``latestVersion``; returns the versions applied now (empty when
    /// it was current).
    @discardableResult
    public static func migrate(_ link: PostgresLink) throws(PostgresFailure) -> [Int] {
        try link.transaction { session throws(PostgresFailure) in
            try session.query("SELECT pg_advisory_xact_lock(\(migrationLock))", "cannot take the migration lock")
            try session.execute("CREATE SCHEMA IF NOT EXISTS brinkwatch")
            try session.execute(
                """
                CREATE TABLE IF NOT EXISTS brinkwatch.migrations (
                    version integer PRIMARY KEY,
                    summary text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let rows = try session.query("SELECT coalesce(max(version), 0) FROM brinkwatch.migrations").rows
            var current = 0
            for row in rows { current = try row.read(Int.self, "the schema version") }
            guard current <= latestVersion else {
                throw PostgresFailure(
                    "the database's brinkwatch schema is version \(current), newer than this brinkwatch knows "
                        + "(\(latestVersion)); upgrade brinkwatch")
            }
            var applied: [Int] = []
            for migration in migrations where migration.version > current {
                for statement in migration.statements {
                    try session.query(
                        PostgresQuery(unsafeSQL: statement), "migration \(migration.version) (\(migration.summary)) failed")
                }
                try session.query(
                    "INSERT INTO brinkwatch.migrations (version, summary) VALUES (\(migration.version), \(migration.summary))",
                    "cannot record migration \(migration.version)")
                applied.append(migration.version)
            }
            return applied
        }
    }
}
#endif
