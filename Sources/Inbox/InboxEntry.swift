/// The folders of the queue an operator can look into.
public enum InboxFolder: String, Sendable, CaseIterable {
    case ready, claimed, dead
}

/// One queued item as an operator sees it.
public struct InboxEntry: Sendable, Equatable {
    public var id: String
    public var folder: InboxFolder
    /// Claims so far. The file inbox shows 0 for a dead letter (its file name carries no count;
    /// the note beside it says how many attempts it had).
    public var attempts: Int
    /// Seconds since the file last moved (queued, claimed or dead-lettered).
    public var age: Double
    /// For a dead letter: why it died (the `reason:` line of its `.err` file).
    public var reason: String?

    public init(id: String, folder: InboxFolder, attempts: Int, age: Double, reason: String? = nil) {
        self.id = id
        self.folder = folder
        self.attempts = attempts
        self.age = age
        self.reason = reason
    }
}
