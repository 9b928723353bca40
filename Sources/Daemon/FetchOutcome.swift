import Feed

/// How one fetch of one feed ended, before anything is enqueued.
enum FetchOutcome: Sendable {
    /// A new body, parsed.
    case fresh(FeedDocument, FetchedBody)
    /// 304, or a 200 whose body is byte for byte the last one.
    case unchanged(FetchedBody)
    /// The fetch or the parse failed; `message` is the one line to log and show in `status`.
    case failed(message: String, status: Int?)

    struct FetchedBody: Sendable {
        var requestedURL: String
        var effectiveURL: String
        var status: Int
        var etag: String?
        var lastModified: String?
        var sha256: String?
    }
}
