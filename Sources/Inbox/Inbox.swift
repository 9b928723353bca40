import Foundation

/// The queue between the fetcher and the workers, and between the workers and the digest.
///
/// Producers ``enqueue(_:)`` items; workers ``claim()`` one at a time and finish it with
/// ``complete(_:result:bucket:)`` (its result is stored under the item id) or
/// ``fail(_:reason:permanent:)``. Processing is at least once; results are exactly once,
/// because a result is created under the item id and a second one for the same id is dropped.
public protocol Inbox: Sendable {
    /// Stores `items` durably. When this returns, every item is either ready or was already
    /// queued or done; on a throw, none of the items that were not reported may be assumed stored.
    ///
    /// - Returns: the ids of the items that became ready now (already-queued ids are left out).
    func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String]

    /// Takes the next ready item, or returns nil when none is ready.
    func claim() throws(InboxError) -> Claim?

    /// Takes up to `limit` ready items at once, with shared fsyncs (group claim); empty when
    /// none is ready. Every claim returned is as durable as one from ``claim()``.
    func claimAll(upTo limit: Int) throws(InboxError) -> [Claim]

    /// Stores `result` under the claim's id in `bucket`, then removes the item from the queue.
    func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError)

    /// Completes several claims with shared fsyncs (group commit): every result is stored
    /// durably before any claim is removed. On a throw, results may be stored for some claims
    /// but every claim is still held: finish each again (a stored result is kept, not doubled).
    func completeAll(_ completions: [Completion]) throws(InboxError)

    /// Returns the item for a later attempt, or moves it to the dead letters with `reason`
    /// when the failure is permanent or the item has used all its attempts.
    func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError)

    /// Returns the item unprocessed, without counting the attempt: for failures that are not
    /// the item's fault, such as a full disk while storing its result.
    func release(_ claim: Claim) throws(InboxError)

    /// Returns abandoned claims to the ready items and removes stale staging files. Safe to run
    /// at any time, from any process: it only touches items whose holder is gone.
    func recover() throws(InboxError) -> InboxRecovery

    /// Deletes what completion left to be deleted later; returns how many. Workers call it when
    /// nothing is ready, so the cost of freeing files falls outside bursts.
    func sweep() throws(InboxError) -> Int

    /// How many items each folder holds now.
    func depths() throws(InboxError) -> InboxDepths

    /// Whether a result for `id` exists in `bucket`.
    func hasResult(_ id: String, bucket: String) -> Bool

    /// The result stored for `id` in `bucket`, or nil when there is none.
    func result(_ id: String, bucket: String) throws(InboxError) -> [UInt8]?

    // MARK: Inspection and repair, for operators

    /// The items of `folder`, oldest first; ages are measured from `now` (seconds since 1970).
    func list(_ folder: InboxFolder, now: Double) throws(InboxError) -> [InboxEntry]

    /// The payload of item `id`, wherever it is in the queue; nil when it is in none.
    func payload(of id: String) throws(InboxError) -> (entry: InboxEntry, payload: [UInt8])?

    /// Moves dead letter `id` back to the ready items with a fresh attempt count; false when
    /// there is no such dead letter.
    @discardableResult
    func requeueDead(_ id: String) throws(InboxError) -> Bool

    /// Removes dead letter `id` and the note of why it died (retention); false when there is none.
    @discardableResult
    func removeDead(_ id: String) throws(InboxError) -> Bool
}

/// A claim and the result to store for it; see ``Inbox/completeAll(_:)``.
public struct Completion: Sendable {
    public var claim: Claim
    public var result: [UInt8]
    public var bucket: String

    public init(claim: Claim, result: [UInt8], bucket: String) {
        self.claim = claim
        self.result = result
        self.bucket = bucket
    }
}

extension Inbox {
    /// Nothing to sweep: completion removed everything it had to.
    public func sweep() throws(InboxError) -> Int { 0 }

    /// The items of `folder`, oldest first, aged from the current time.
    public func list(_ folder: InboxFolder) throws(InboxError) -> [InboxEntry] {
        try list(folder, now: Date().timeIntervalSince1970)
    }

    /// One claim after another, for queues without a cheaper way.
    public func claimAll(upTo limit: Int) throws(InboxError) -> [Claim] {
        var claims: [Claim] = []
        while claims.count < limit, let claim = try claim() { claims.append(claim) }
        return claims
    }

    /// One claim after another, for queues without a cheaper way.
    public func completeAll(_ completions: [Completion]) throws(InboxError) {
        for completion in completions {
            try complete(completion.claim, result: completion.result, bucket: completion.bucket)
        }
    }
}
