#if PostgreSQL
import Digest
import NIOCore
import PostgresNIO
import Synchronization

/// The classified records in `brinkwatch.results`, as the digest reads them, from whichever
/// daemon's workers stored them.
///
/// ``changedDays()`` lets each daemon rewrite the digests of days that another daemon's workers
/// added to: it compares, for the days of the last week, how many records each has and when the
/// last one came with what it saw the time before. A count catches a transaction that committed
/// late with an early timestamp, which a "newer than" watermark would miss.
public final class PostgresResults: ClassifiedRecords {
    public let link: PostgresLink
    private let seen = Mutex<[String: Summary]?>(nil)

    private struct Summary: Equatable {
        var count: Int
        var latest: Double
    }

    public init(link: PostgresLink) {
        self.link = link
    }

    public func days() -> [String] {
        let rows = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [String] in
            var days: [String] = []
            for row in try session.query("SELECT DISTINCT bucket FROM brinkwatch.results").rows {
                days.append(try row.read(String.self, "a day"))
            }
            return days
        }
        return (rows ?? []).filter(DigestDay.isValid).sorted()
    }

    public func forEachRecord(day: String, _ body: (String, [UInt8]) -> Void) -> [String] {
        let fetched = Result { () throws(PostgresFailure) -> [(String, [UInt8])] in
            try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [(String, [UInt8])] in
                var records: [(String, [UInt8])] = []
                let query: PostgresQuery = "SELECT id, result FROM brinkwatch.results WHERE bucket = \(day)"
                for row in try session.query(query, "cannot read the records of \(day)").rows {
                    let (id, result) = try row.read((String, ByteBuffer).self, "a record")
                    records.append((id + ".json", Array(result.readableBytesView)))
                }
                return records
            }
        }
        switch fetched {
        case .failure(let failure):
            return ["brinkwatch.results/\(day): \(failure)"]
        case .success(let records):
            // The order of the result files, so that a digest reads the same from either store.
            for (name, bytes) in records.sorted(by: { $0.0 < $1.0 }) { body("brinkwatch.results/\(day)/\(name)", bytes) }
            return []
        }
    }

    public func changedDays() -> [String] {
        let current = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [String: Summary] in
            var summaries: [String: Summary] = [:]
            let rows = try session.query(
                """
                SELECT bucket, count(*)::bigint, extract(epoch FROM max(stored_at))::float8
                FROM brinkwatch.results WHERE stored_at > now() - interval '8 days' GROUP BY bucket
                """, "cannot summarise the records"
            ).rows
            for row in rows {
                let (bucket, count, latest) = try row.read((String, Int, Double).self, "a day's summary")
                summaries[bucket] = Summary(count: count, latest: latest)
            }
            return summaries
        }
        guard let current else { return [] }
        let previous = seen.withLock { seen in
            defer { seen = current }
            return seen
        }
        // The first look only sets the baseline: the daemon rebuilds its open days at start anyway.
        guard let previous else { return [] }
        return current.filter { previous[$0.key] != $0.value }.keys.filter(DigestDay.isValid).sorted()
    }

    /// Removes the records of `day` (retention); returns how many there were.
    public func remove(day: String) throws(PostgresFailure) -> Int {
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Int in
            let result = try session.query(
                "DELETE FROM brinkwatch.results WHERE bucket = \(day)", "cannot remove the records of \(day)")
            return result.metadata.rows ?? 0
        }
    }
}
#endif
