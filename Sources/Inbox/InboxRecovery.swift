/// What a recovery pass did.
public struct InboxRecovery: Sendable, Equatable {
    /// Claims whose holder had died, returned to the ready items.
    public var requeued: Int = 0
    /// Abandoned claims dropped because the same id was already ready again.
    public var dropped: Int = 0
    /// Finished items deleted from `done/` (file inbox only).
    public var swept: Int = 0

    public init() {}
}
