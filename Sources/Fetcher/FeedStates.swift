import Durable

/// Where each feed's ``FeedState`` is kept between fetches: files in the state folder
/// (``FeedStateStore``) or rows on a database server shared by several daemons.
public protocol FeedStates: Sendable {
    /// The saved state of `feed`, or nil when it has none yet; throws when a saved state cannot
    /// be read: ``DamagedFeedState`` (or, from files, a ``FileError`` of code `invalid`) when
    /// what is stored makes no sense, and the feed starts afresh; anything else (a read error,
    /// a lost connection) when it is out of reach for now, and the fetch waits (see
    /// ``DamagedFeedState/isDamage(_:)``).
    func load(_ feed: String) throws -> FeedState?

    /// The saved state of `feed` without the items it remembers (``FeedState/summary``): for
    /// readers of its schedule and health, which need none of them, and for a fetch until it
    /// finds a new body; cheaper where the store keeps the items apart.
    func loadSummary(_ feed: String) throws -> FeedState?

    /// Saves the state of `feed`, durably, replacing the previous one whole; a state read
    /// without its items replaces all but the items, and only when
    /// ``FeedState/savableWithoutItems`` (else the save fails).
    func save(_ state: FeedState, for feed: String) throws

    /// Saves several states as ``save(_:for:)`` does, sharing the syncs where the store can;
    /// one outcome per entry, so that one entry's failure is its own.
    func saveAll(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>]

    /// Takes the right to fetch `feed` for `seconds`, so that daemons sharing the states fetch
    /// each feed one at a time; false while another daemon holds it. A daemon that dies keeps
    /// the right only until it runs out.
    func lease(_ feed: String, seconds: Double) -> Bool

    /// Gives the right to fetch `feed` back before it runs out.
    func releaseLease(_ feed: String)

    /// Whether other daemons use these states too; a feed they fetched since this one looked at
    /// its schedule is then left alone.
    var isShared: Bool { get }

    /// The items a damaged state of `feed` still remembers where they can be read apart from the
    /// damage (a state file that makes no sense beside an intact seen file), so that the feed,
    /// started afresh, does not deliver them again; nil when nothing can be read.
    func salvageItems(_ feed: String) -> FeedState?
}

extension FeedStates {
    /// The whole state, without its items.
    public func loadSummary(_ feed: String) throws -> FeedState? {
        try load(feed)?.summary
    }

    /// One save after the other.
    public func saveAll(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>] {
        saveEach(entries)
    }

    /// Saves each entry on its own with ``save(_:for:)``.
    public func saveEach(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>] {
        entries.map { entry in
            do {
                try save(entry.state, for: entry.feed)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
    }

    /// A store that only this process uses: the right to fetch is always ours.
    public func lease(_ feed: String, seconds: Double) -> Bool { true }

    public func releaseLease(_ feed: String) {}

    public var isShared: Bool { false }

    /// Nothing is kept apart from the state: nothing to salvage.
    public func salvageItems(_ feed: String) -> FeedState? { nil }
}

/// A stored feed state that was read but makes no sense (not the JSON of a state, or items that
/// do not parse): it never will, so the feed starts afresh, its ids forgotten.
public struct DamagedFeedState: Error, Sendable, CustomStringConvertible {
    public var feed: String
    public var message: String

    public init(feed: String, message: String) {
        self.feed = feed
        self.message = message
    }

    public var description: String { "the stored state of feed \(feed) is damaged: \(message)" }

    /// Whether `error`, from reading a feed's state, says the state is damaged for good, as
    /// opposed to out of reach for now. Starting a feed afresh forgets the ids it has delivered,
    /// so its current items go into the inbox again and reach today's digest a second time:
    /// worth it for a state that can never be read, not for one that a passing read error or a
    /// lost database connection kept from us.
    public static func isDamage(_ error: any Error) -> Bool {
        if let file = error as? FileError { return file.code == .invalid }
        return error is DamagedFeedState
    }
}
