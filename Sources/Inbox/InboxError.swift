import Durable

/// A queue operation that failed, with the item and the file-system cause.
public struct InboxError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case noSpace, io, corrupt, broken }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The disk is full: the item was not stored; pause and try again later.
        public static let noSpace = Code(.noSpace)
        /// Any other storage failure; the operation did not take effect durably.
        public static let io = Code(.io)
        /// An item file that cannot be what a producer wrote.
        public static let corrupt = Code(.corrupt)
        /// An fsync failed: nothing written since can be trusted, so the inbox refuses all work
        /// until the process restarts.
        public static let broken = Code(.broken)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// The item concerned, when there is one.
    public var itemID: String?
    public var cause: FileError?

    public init(code: Code, message: String, itemID: String? = nil, cause: FileError? = nil) {
        self.code = code
        self.message = message
        self.itemID = itemID
        self.cause = cause
    }

    init(_ cause: FileError, _ message: String, itemID: String? = nil) {
        self.init(code: cause.code == .noSpace ? .noSpace : .io, message: message, itemID: itemID, cause: cause)
    }

    public var description: String {
        var text = message
        if let itemID { text += " (item \(itemID))" }
        if let cause { text += ": \(cause)" }
        return text
    }
}
