#if PostgreSQL
import Fetcher
import Foundation
import NIOCore
import PostgresNIO

/// Each feed's ``FeedState`` as a row of `brinkwatch.feeds`, shared by every daemon on the
/// database, with the lease that lets one daemon at a time fetch the feed.
///
/// The state is stored in the same JSON as the state files, and the items it remembers in the
/// `seen` column, in the form of a seen file (``FeedState/seenFile()``), updated only when they
/// change: PostgreSQL keeps an unchanged large value of an updated row where it was instead of
/// writing it again. A row written by an earlier release has its items inside the state, and
/// the first save moves them out. A lease names its holder (host and process) and runs out on
/// its own, so a daemon that dies mid-fetch holds its feeds only until then; one that comes
/// back under the same name takes its own leases straight back.
public final class PostgresFeedStates: FeedStates {
    public let link: PostgresLink
    public let holder: String

    public init(link: PostgresLink) throws(PostgresFailure) {
        self.link = link
        holder = PostgresLink.holderName
        try PostgresSchema.migrate(link)
    }

    public var isShared: Bool { true }

    public func load(_ feed: String) throws -> FeedState? {
        let stored = try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> ([UInt8], [UInt8]?)? in
            let rows = try session.query(
                "SELECT state, seen FROM brinkwatch.feeds WHERE name = \(feed) AND state IS NOT NULL",
                "cannot read the state of feed \(feed)"
            ).rows
            for row in rows {
                let (state, seen) = try row.read((ByteBuffer, ByteBuffer?).self, "a feed state")
                return (Array(state.readableBytesView), seen.map { Array($0.readableBytesView) })
            }
            return nil
        }
        guard let stored else { return nil }
        do {
            var state = try FeedStateStore.decode(stored.0)
            try state.settle(seenFile: stored.1)
            return state
        } catch {
            throw DamagedFeedState(feed: feed, message: "\(error)")
        }
    }

    /// The `seen` column read on its own, for a state column that cannot be read: the items are
    /// written whole, apart from the state, so they can outlive its damage.
    public func salvageItems(_ feed: String) -> FeedState? {
        let stored = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [UInt8]? in
            let rows = try session.query(
                "SELECT seen FROM brinkwatch.feeds WHERE name = \(feed) AND seen IS NOT NULL",
                "cannot read the items of feed \(feed)"
            ).rows
            for row in rows { return Array(try row.read(ByteBuffer.self, "a feed's items").readableBytesView) }
            return nil
        }
        guard let bytes = stored ?? nil else { return nil }
        return FeedState.salvaged(seenFile: bytes)
    }

    /// The state column alone.
    public func loadSummary(_ feed: String) throws -> FeedState? {
        let stored = try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> [UInt8]? in
            let rows = try session.query(
                "SELECT state FROM brinkwatch.feeds WHERE name = \(feed) AND state IS NOT NULL",
                "cannot read the state of feed \(feed)"
            ).rows
            for row in rows { return Array(try row.read(ByteBuffer.self, "a feed state").readableBytesView) }
            return nil
        }
        guard let stored else { return nil }
        do {
            return try FeedStateStore.decode(stored).summary
        } catch {
            throw DamagedFeedState(feed: feed, message: "\(error)")
        }
    }

    public func save(_ state: FeedState, for feed: String) throws {
        guard !state.itemsOmitted || state.savableWithoutItems else {
            throw PostgresFailure(
                "cannot save the state of feed \(feed)", cause: "it was read without its items, which its state column holds")
        }
        let bytes = ByteBuffer(bytes: try FeedStateStore.encode(state.withoutItems))
        // Items that did not change are sent as NULL, and the row keeps the ones it has.
        let seen = state.itemsChanged ? ByteBuffer(bytes: try state.seenFile()) : nil
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in
            try session.query(
                """
                INSERT INTO brinkwatch.feeds (name, state, seen, saved_at) VALUES (\(feed), \(bytes), \(seen), now())
                ON CONFLICT (name) DO UPDATE
                SET state = excluded.state, seen = coalesce(excluded.seen, feeds.seen), saved_at = excluded.saved_at
                """, "cannot save the state of feed \(feed)")
        }
    }

    public func lease(_ feed: String, seconds: Double) -> Bool {
        let taken = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Bool in
            let rows = try session.query(
                """
                INSERT INTO brinkwatch.feeds (name, holder, lease_until)
                VALUES (\(feed), \(holder), now() + make_interval(secs => \(seconds)))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
                WHERE feeds.lease_until IS NULL OR feeds.lease_until < now() OR feeds.holder = excluded.holder
                RETURNING name
                """, "cannot lease feed \(feed)"
            ).rows
            return rows.contains { _ in true }
        }
        return taken ?? false
    }

    public func releaseLease(_ feed: String) {
        _ = try? link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in
            try session.query(
                "UPDATE brinkwatch.feeds SET holder = NULL, lease_until = NULL WHERE name = \(feed) AND holder = \(holder)",
                "cannot release feed \(feed)")
        }
    }
}
#endif
