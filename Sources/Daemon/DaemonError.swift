/// The daemon could not start: a part it needs failed to open or load.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    /// What the daemon was doing, such as "opening the inbox".
    public var step: String
    /// The underlying error, in one line.
    public var message: String

    public init(step: String, message: String) {
        self.step = step
        self.message = message
    }

    public var description: String { "\(step): \(message)" }
}
