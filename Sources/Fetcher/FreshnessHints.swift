import Feed
import Foundation

/// What a server and a feed say about how often to come back.
public struct FreshnessHints: Sendable, Equatable {
    /// RSS `<ttl>`, in seconds.
    public var ttl: TimeInterval?
    /// `Cache-Control: max-age`, less `Age`, in seconds.
    public var maxAge: TimeInterval?
    /// `Expires`.
    public var expires: Date?
    /// `Retry-After`, as a delay in seconds from the response.
    public var retryAfter: TimeInterval?

    public init(ttl: TimeInterval? = nil, maxAge: TimeInterval? = nil, expires: Date? = nil, retryAfter: TimeInterval? = nil) {
        self.ttl = ttl
        self.maxAge = maxAge
        self.expires = expires
        self.retryAfter = retryAfter
    }

    /// Reads the response headers (as `header(name)` returns them) at time `now`.
    public init(header: (String) -> String?, now: Date) {
        self.init()
        if let cacheControl = header("Cache-Control") {
            for directive in cacheControl.split(separator: ",") {
                let parts = directive.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == "max-age", let seconds = Double(parts[1].trimmingCharacters(in: ["\""])) {
                    let age = header("Age").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
                    maxAge = max(0, seconds - age)
                }
            }
        }
        // "Expires: 0" and other invalid dates mean "already expired": no hint.
        expires = header("Expires").flatMap(FeedDate.parse)
        retryAfter = header("Retry-After").flatMap { Self.retryAfter($0, now: now) }
    }

    /// `Retry-After` is either delta-seconds or an HTTP date.
    static func retryAfter(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return TimeInterval(max(0, seconds)) }
        guard let date = FeedDate.parse(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
