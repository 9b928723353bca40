/// The number of items in each state.
public struct InboxDepths: Sendable, Equatable, Codable {
    public var staging: Int
    public var ready: Int
    public var claimed: Int
    public var dead: Int

    public init(staging: Int = 0, ready: Int = 0, claimed: Int = 0, dead: Int = 0) {
        self.staging = staging
        self.ready = ready
        self.claimed = claimed
        self.dead = dead
    }
}
