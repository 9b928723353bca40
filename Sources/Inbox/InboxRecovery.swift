/// What a recovery pass did.
public struct InboxRecovery: Sendable, Equatable {
    /// Claims whose holder had died, returned to the ready items.
    public var requeued: Int = 0
    /// Abandoned claims dropped because the same id was already ready again.
    public var dropped: Int = 0
    /// Finished items deleted from `done/` (file inbox only).
    public var swept: Int = 0
    /// Claimed items whose file cannot be opened (a folder or a file put there by hand, a
    /// descriptor limit reached), each as `name: reason`: left where they are, for an operator,
    /// since nothing can tell whether their holder is alive (file inbox only).
    public var unopenable: [String] = []

    public init() {}
}
