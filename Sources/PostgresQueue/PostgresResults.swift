#if PostgreSQL
import Digest
import NIOCore
import PostgresNIO
import Synchronization

/// The classified records in `brinkwatch.results`, as the digest reads them, from whichever
/// daemon's workers stored them.
///
/// ``changedDays(among:)`` lets each daemon rewrite the digests of days that another daemon's
/// workers added to: it compares how many records each open day has with what it saw the time
/// before. Records are only ever added to an open day, so a count is enough, and it catches a
/// transaction that committed late, which a "newer than" watermark would miss. Counting uses
/// the primary key's index, one day at a time, so it costs the open days, not the whole table.
public final class PostgresResults: ClassifiedRecords {
    public let link: PostgresLink
    private let seen = Mutex<[String: Int]?>(nil)

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

    public func changedDays(among days: [String]) -> [String] {
        let current = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [String: Int] in
            var counts: [String: Int] = [:]
            let rows = try session.query(
                """
                SELECT bucket, count(*)::bigint FROM brinkwatch.results WHERE bucket = ANY(\(days))
                GROUP BY bucket
                """, "cannot count the records of the open days"
            ).rows
            for row in rows {
                let (bucket, count) = try row.read((String, Int).self, "a day's count")
                counts[bucket] = count
            }
            return counts
        }
        guard let current else { return [] }
        let previous = seen.withLock { seen in
            defer { seen = current }
            return seen
        }
        // The first look only sets the baseline: the daemon rebuilds its open days at start anyway.
        guard let previous else { return [] }
        return days.filter { previous[$0] != current[$0] }
    }

    public func count(day: String) -> Int {
        let counted = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Int in
            let rows = try session.query(
                "SELECT count(*)::bigint FROM brinkwatch.results WHERE bucket = \(day)", "cannot count the records of \(day)"
            ).rows
            return try rows.first?.read(Int.self, "a day's count") ?? 0
        }
        return counted ?? 0
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
