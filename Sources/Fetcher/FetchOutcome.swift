import Feed
import Foundation

/// How one fetch of one feed ended, before anything is enqueued or recorded.
public enum FetchOutcome: Sendable {
    /// A new body, parsed.
    case fresh(FeedDocument, FetchedBody)
    /// 304, or a 200 whose body is byte for byte the last one.
    case unchanged(FetchedBody)
    /// 429 or 503: the server asks to come back later. Not a failure of the feed.
    case rateLimited(FetchedBody)
    /// 410: the feed is gone for good (it becomes dormant, never dropped).
    case gone(FetchedBody)
    /// The fetch or the parse failed; `message` is the one line to log and show in `status`.
    case failed(message: String, status: Int?, network: Bool)

    /// The outcome's `outcome` label in `brinkwatch_fetches_total` (one of `MetricNames.fetchOutcomes`).
    public var metricLabel: String {
        switch self {
        case .fresh: "fresh"
        case .unchanged: "unchanged"
        case .rateLimited: "rate_limited"
        case .gone: "gone"
        case .failed: "failed"
        }
    }

    /// What the response said, whatever the outcome.
    public struct FetchedBody: Sendable {
        public var requestedURL: String
        public var effectiveURL: String
        public var status: Int
        public var etag: String?
        public var lastModified: String?
        public var sha256: String?
        public var hints: FreshnessHints
        /// Where a permanent redirect (301 or 308 from the requested URL) says the feed now is.
        public var movedTo: String?
        /// A 200 whose body is one the feed served before its newest (``FeedState/earlierBodies``).
        public var staleCopy = false
    }
}
