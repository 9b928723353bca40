import Inbox

/// A stand-in for a real inbox that passes every call on to it: a test's fake (a slow disk, a
/// failing one) conforms and writes only the calls it changes.
public protocol ForwardingInbox: Inbox {
    var real: any Inbox { get }
}

extension ForwardingInbox {
    public func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String] { try real.enqueue(items) }
    public func claim() throws(InboxError) -> Claim? { try real.claim() }
    public func claimAll(upTo limit: Int) throws(InboxError) -> [Claim] { try real.claimAll(upTo: limit) }
    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try real.complete(claim, result: result, bucket: bucket)
    }
    public func completeAll(_ completions: [Completion]) throws(InboxError) { try real.completeAll(completions) }
    public func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError) {
        try real.fail(claim, reason: reason, permanent: permanent)
    }
    public func release(_ claim: Claim) throws(InboxError) { try real.release(claim) }
    public func recover() throws(InboxError) -> InboxRecovery { try real.recover() }
    public func sweep() throws(InboxError) -> Int { try real.sweep() }
    public func depths() throws(InboxError) -> InboxDepths { try real.depths() }
    public func hasResult(_ id: String, bucket: String) -> Bool { real.hasResult(id, bucket: bucket) }
    public func result(_ id: String, bucket: String) throws(InboxError) -> [UInt8]? { try real.result(id, bucket: bucket) }
    public func list(_ folder: InboxFolder, now: Double) throws(InboxError) -> [InboxEntry] {
        try real.list(folder, now: now)
    }
    public func payload(of id: String) throws(InboxError) -> (entry: InboxEntry, payload: [UInt8])? {
        try real.payload(of: id)
    }
    public func requeueDead(_ id: String) throws(InboxError) -> Bool { try real.requeueDead(id) }
    public func removeDead(_ id: String) throws(InboxError) -> Bool { try real.removeDead(id) }
}
