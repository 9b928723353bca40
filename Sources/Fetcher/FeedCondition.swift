import Foundation

/// How a feed is doing, in one word an operator can act on, with the reason.
public struct FeedCondition: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Never fetched yet.
        case new
        /// The last fetch worked.
        case healthy
        /// Failing; checked again after an exponentially growing delay.
        case backingOff = "backing-off"
        /// The server asked to wait (429 or 503); not counted as a failure.
        case rateLimited = "rate-limited"
        /// Failing for the dormancy period, or gone (410); probed once a day.
        case dormant
    }

    public var kind: Kind
    /// Why, in a few words ("HTTP 503 since 2026-03-01", "gone (HTTP 410)").
    public var reason: String?

    public init(_ state: FeedState?, now: Date) {
        guard let state, state.lastAttempt != nil else {
            self.init(kind: .new, reason: nil)
            return
        }
        if state.dormant {
            self.init(kind: .dormant, reason: state.lastError)
        } else if let until = state.rateLimitedUntil, until > now {
            self.init(kind: .rateLimited, reason: state.lastError)
        } else if state.errorStreak > 0 {
            self.init(kind: .backingOff, reason: state.lastError)
        } else {
            self.init(kind: .healthy, reason: nil)
        }
    }

    init(kind: Kind, reason: String?) {
        self.kind = kind
        self.reason = reason
    }
}
