#if PostgreSQL
import Foundation
import Inbox
import NIOCore
import PostgresNIO

/// The ``Inbox`` on a PostgreSQL server, for several daemons on several hosts sharing one queue.
///
/// Items are rows of `brinkwatch.items`; a claim is a lease (`lease_until`, and a fresh
/// `lease_token` that fences a holder whose lease ran out); results are rows of
/// `brinkwatch.results`, keyed like the file inbox's result files. Workers claim with
/// `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on each other or take the same row.
/// A completion stores its results and retires its claims in one transaction: the exactly-once
/// rule of the file inbox holds without its ordering of fsyncs.
///
/// A holder that dies keeps its items until their leases expire; ``recover()`` (which every
/// daemon runs periodically) returns them. A holder that outlives its lease finds its token gone:
/// its completion still stores a result that no one stored before it, and changes nothing else.
public final class PostgresInbox: Inbox {
    public let link: PostgresLink
    /// Attempts an item gets before it becomes a dead letter; counted when it is claimed.
    public let maxAttempts: Int
    /// How long a claim is held without being finished before another daemon may take the item.
    public let leaseSeconds: Double
    /// Who holds the claims this inbox makes, for operators (host and process id).
    public let holder: String

    /// Rows per statement when enqueueing or completing large batches (PostgreSQL takes at most
    /// 65,535 parameters in one statement).
    static let rowsPerStatement = 1000

    /// Opens the queue on `link`, creating or migrating its tables when needed.
    public init(link: PostgresLink, maxAttempts: Int = 5, leaseSeconds: Double = 120) throws(InboxError) {
        self.link = link
        self.maxAttempts = max(1, maxAttempts)
        self.leaseSeconds = max(1, leaseSeconds)
        holder = PostgresLink.holderName
        do {
            try PostgresSchema.migrate(link)
        } catch {
            throw InboxError(error, "cannot open the inbox on PostgreSQL at \(link.settings.summary)")
        }
    }

    // MARK: - Enqueue

    public func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String] {
        var batch: [InboxItem] = []
        var ids = Set<String>()
        for item in items {
            guard InboxItem.isValidID(item.id) else {
                throw InboxError(code: .corrupt, message: "invalid item id", itemID: item.id)
            }
            if ids.insert(item.id).inserted { batch.append(item) }
        }
        guard !batch.isEmpty else { return [] }
        // An id that is ready, claimed or dead stays as it is (ON CONFLICT DO NOTHING), as a
        // second delivery to the file inbox creates nothing.
        return try run("cannot store \(batch.count) items", itemID: batch[0].id) { session throws(PostgresFailure) in
            var accepted: [String] = []
            for chunk in batch.chunked(Self.rowsPerStatement) {
                var bindings = PostgresBindings(capacity: chunk.count * 2)
                var rows: [String] = []
                for item in chunk {
                    bindings.append(item.id)
                    bindings.append(ByteBuffer(bytes: item.payload))
                    rows.append("($\(bindings.count - 1), $\(bindings.count))")
                }
                let sql = "INSERT INTO brinkwatch.items (id, payload) VALUES " + rows.joined(separator: ", ")
                    + " ON CONFLICT (id) DO NOTHING RETURNING id"
                for row in try session.query(PostgresQuery(unsafeSQL: sql, binds: bindings)).rows {
                    accepted.append(try row.read(String.self, "an enqueued id"))
                }
            }
            try session.query("SELECT pg_notify('brinkwatch_items', '')", "cannot signal new items")
            return accepted
        }
    }

    // MARK: - Claim

    public func claim() throws(InboxError) -> Claim? {
        try claimAll(upTo: 1).first
    }

    public func claimAll(upTo limit: Int) throws(InboxError) -> [Claim] {
        guard limit > 0 else { return [] }
        let claims = try run("cannot claim items") { session throws(PostgresFailure) in
            let query: PostgresQuery = """
                UPDATE brinkwatch.items AS i
                SET state = 'claimed', attempts = i.attempts + 1, lease_token = gen_random_uuid(),
                    lease_holder = \(holder), lease_until = now() + make_interval(secs => \(leaseSeconds)),
                    changed_at = now()
                FROM (SELECT id FROM brinkwatch.items WHERE state = 'ready'
                      ORDER BY enqueued_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) AS picked
                WHERE i.id = picked.id
                RETURNING i.id, i.payload, i.attempts, i.lease_token::text
                """
            var claims: [Claim] = []
            for row in try session.query(query).rows {
                let (id, payload, attempts, token) = try row.read((String, ByteBuffer, Int, String).self, "a claimed item")
                claims.append(Claim(id: id, payload: Array(payload.readableBytesView), attempt: attempts, token: token))
            }
            return claims
        }
        var held: [Claim] = []
        for claim in claims {
            if claim.attempt > maxAttempts {
                try toDead(claim, reason: "gave up after \(maxAttempts) attempts (the worker died each time)")
            } else {
                held.append(claim)
            }
        }
        return held
    }

    // MARK: - Finishing

    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try completeAll([Completion(claim: claim, result: result, bucket: bucket)])
    }

    /// Stores every result (an existing one wins: exactly once) and retires the claims whose
    /// lease is still theirs, in one transaction.
    public func completeAll(_ completions: [Completion]) throws(InboxError) {
        guard !completions.isEmpty else { return }
        try run("cannot complete \(completions.count) items", itemID: completions[0].claim.id, transaction: true) {
            session throws(PostgresFailure) in
            for chunk in completions.chunked(Self.rowsPerStatement) {
                var bindings = PostgresBindings(capacity: chunk.count * 3)
                var rows: [String] = []
                for completion in chunk {
                    bindings.append(completion.bucket)
                    bindings.append(completion.claim.id)
                    bindings.append(ByteBuffer(bytes: completion.result))
                    let last = bindings.count
                    rows.append("($\(last - 2), $\(last - 1), $\(last))")
                }
                let insert = "INSERT INTO brinkwatch.results (bucket, id, result) VALUES " + rows.joined(separator: ", ")
                    + " ON CONFLICT (bucket, id) DO NOTHING"
                try session.query(PostgresQuery(unsafeSQL: insert, binds: bindings), "cannot store results")
                let tokens = chunk.map(\.claim.token)
                try session.query(
                    "DELETE FROM brinkwatch.items WHERE state = 'claimed' AND lease_token::text = ANY(\(tokens))",
                    "cannot retire completed claims")
            }
        }
    }

    public func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError) {
        if permanent || claim.attempt >= maxAttempts {
            try toDead(claim, reason: reason)
        } else {
            try toReady(claim, uncount: false)
        }
    }

    public func release(_ claim: Claim) throws(InboxError) {
        try toReady(claim, uncount: true)
    }

    private func toReady(_ claim: Claim, uncount: Bool) throws(InboxError) {
        let back = uncount ? 1 : 0
        try run("cannot return an item to the ready items", itemID: claim.id) { session throws(PostgresFailure) in
            try session.query(
                """
                UPDATE brinkwatch.items SET state = 'ready', attempts = attempts - \(back), lease_token = NULL,
                    lease_holder = NULL, lease_until = NULL, changed_at = now()
                WHERE id = \(claim.id) AND state = 'claimed' AND lease_token::text = \(claim.token)
                """)
        }
    }

    private func toDead(_ claim: Claim, reason: String) throws(InboxError) {
        try run("cannot move an item to the dead letters", itemID: claim.id) { session throws(PostgresFailure) in
            try session.query(
                """
                UPDATE brinkwatch.items SET state = 'dead', reason = \(reason), lease_token = NULL,
                    lease_holder = NULL, lease_until = NULL, changed_at = now()
                WHERE id = \(claim.id) AND state = 'claimed' AND lease_token::text = \(claim.token)
                """)
        }
    }

    // MARK: - Recovery and depths

    /// Returns to the ready items every claim whose lease has run out.
    public func recover() throws(InboxError) -> InboxRecovery {
        try run("cannot recover expired claims") { session throws(PostgresFailure) in
            let result = try session.query(
                """
                UPDATE brinkwatch.items SET state = 'ready', lease_token = NULL, lease_holder = NULL,
                    lease_until = NULL, changed_at = now()
                WHERE state = 'claimed' AND lease_until < now()
                """)
            var report = InboxRecovery()
            report.requeued = result.metadata.rows ?? 0
            return report
        }
    }

    public func depths() throws(InboxError) -> InboxDepths {
        try run("cannot count the items") { session throws(PostgresFailure) in
            var depths = InboxDepths()
            for row in try session.query("SELECT state, count(*)::bigint FROM brinkwatch.items GROUP BY state").rows {
                let (state, count) = try row.read((String, Int).self, "a count")
                switch state {
                case "ready": depths.ready = count
                case "claimed": depths.claimed = count
                case "dead": depths.dead = count
                default: break
                }
            }
            return depths
        }
    }

    public func hasResult(_ id: String, bucket: String) -> Bool {
        let found = try? run("cannot look for a result", itemID: id) { session throws(PostgresFailure) -> Bool in
            let rows = try session.query(
                "SELECT 1 FROM brinkwatch.results WHERE bucket = \(bucket) AND id = \(id)"
            ).rows
            for _ in rows { return true }
            return false
        }
        return found ?? false
    }

    public func result(_ id: String, bucket: String) throws(InboxError) -> [UInt8]? {
        try run("cannot read a result", itemID: id) { session throws(PostgresFailure) in
            let rows = try session.query(
                "SELECT result FROM brinkwatch.results WHERE bucket = \(bucket) AND id = \(id)"
            ).rows
            for row in rows { return Array(try row.read(ByteBuffer.self, "a result").readableBytesView) }
            return nil
        }
    }

    // MARK: - Inspection and repair

    public func list(_ folder: InboxFolder, now: Double) throws(InboxError) -> [InboxEntry] {
        try run("cannot list \(folder.rawValue) items") { session throws(PostgresFailure) in
            let rows = try session.query(
                """
                SELECT id, attempts, extract(epoch FROM changed_at)::float8, reason FROM brinkwatch.items
                WHERE state = \(Self.state(folder)) ORDER BY changed_at, id
                """
            ).rows
            var entries: [InboxEntry] = []
            for row in rows {
                let (id, attempts, changed, reason) = try row.read((String, Int, Double, String?).self, "an item")
                entries.append(
                    InboxEntry(id: id, folder: folder, attempts: attempts, age: now - changed, reason: reason))
            }
            return entries
        }
    }

    public func payload(of id: String) throws(InboxError) -> (entry: InboxEntry, payload: [UInt8])? {
        let now = Date().timeIntervalSince1970
        return try run("cannot read an item", itemID: id) { session throws(PostgresFailure) in
            let rows = try session.query(
                """
                SELECT state, attempts, extract(epoch FROM changed_at)::float8, reason, payload
                FROM brinkwatch.items WHERE id = \(id)
                """
            ).rows
            for row in rows {
                let (state, attempts, changed, reason, payload) = try row.read(
                    (String, Int, Double, String?, ByteBuffer).self, "an item")
                let folder = InboxFolder.allCases.first { Self.state($0) == state } ?? .ready
                let entry = InboxEntry(id: id, folder: folder, attempts: attempts, age: now - changed, reason: reason)
                return (entry, Array(payload.readableBytesView))
            }
            return nil
        }
    }

    @discardableResult
    public func requeueDead(_ id: String) throws(InboxError) -> Bool {
        try run("cannot requeue a dead letter", itemID: id) { session throws(PostgresFailure) in
            let result = try session.query(
                """
                UPDATE brinkwatch.items SET state = 'ready', attempts = 0, reason = NULL, changed_at = now()
                WHERE id = \(id) AND state = 'dead'
                """)
            return (result.metadata.rows ?? 0) > 0
        }
    }

    @discardableResult
    public func removeDead(_ id: String) throws(InboxError) -> Bool {
        try run("cannot remove a dead letter", itemID: id) { session throws(PostgresFailure) in
            let result = try session.query("DELETE FROM brinkwatch.items WHERE id = \(id) AND state = 'dead'")
            return (result.metadata.rows ?? 0) > 0
        }
    }

    // MARK: - Plumbing

    private static func state(_ folder: InboxFolder) -> String {
        switch folder {
        case .ready: return "ready"
        case .claimed: return "claimed"
        case .dead: return "dead"
        }
    }

    /// Runs `body` on a connection (in one transaction when asked), turning a failure into an
    /// ``InboxError`` that says what could not be done.
    @discardableResult
    private func run<T>(
        _ what: String, itemID: String? = nil, transaction: Bool = false,
        _ body: (PostgresSession) throws(PostgresFailure) -> T
    ) throws(InboxError) -> T {
        do {
            return transaction ? try link.transaction(body) : try link.withSession(body)
        } catch {
            throw InboxError(error, what, itemID: itemID)
        }
    }
}

extension InboxError {
    /// A queue operation that failed on the server; a full disk there is a full disk here.
    init(_ failure: PostgresFailure, _ message: String, itemID: String? = nil) {
        self.init(code: failure.isDiskFull ? .noSpace : .io, message: "\(message): \(failure)", itemID: itemID)
    }
}

extension Array {
    /// The array cut into runs of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
#endif
