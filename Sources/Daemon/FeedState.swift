import Foundation

/// What the daemon remembers about one feed between fetches and across restarts.
public struct FeedState: Codable, Sendable, Equatable {
    public var version: Int = 1
    /// The URL currently used for the feed (a permanent redirect may change it later).
    public var url: String
    /// Validators from the last successful response, sent back verbatim.
    public var etag: String?
    public var lastModified: String?
    /// SHA-256 of the last body, so an unchanged 200 costs nothing downstream.
    public var bodySHA256: String?
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastStatus: Int?
    /// The last error, in one line; nil after a success.
    public var lastError: String?
    /// Consecutive failed fetches.
    public var errorStreak: Int = 0
    public var nextCheck: Date?
    /// Item ids already delivered to the inbox, with when they were first seen (epoch seconds):
    /// an item is never enqueued twice while its id is remembered.
    public var seen: [String: Double] = [:]

    public init(url: String) {
        self.url = url
    }

    /// Forgets ids first seen more than `days` ago, so the state stays bounded.
    mutating func forgetSeen(olderThan days: Double, now: Date) {
        let cutoff = now.timeIntervalSince1970 - days * 86_400
        seen = seen.filter { $0.value >= cutoff }
    }
}
