/// Why a label file could not be read, naming the file and, where there is one, the line.
public struct LabelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently to each.
    public enum Code: String, Sendable {
        /// The file could not be opened or read.
        case unreadable
        /// A line is not a JSON object.
        case syntax
        /// A line is JSON but breaks the labelling format (a missing field, an unknown label, ...).
        case invalid
    }

    public var code: Code
    /// The file as the caller named it.
    public var file: String
    /// The 1-based line, or 0 when the failure concerns the whole file.
    public var line: Int
    /// One human sentence saying what is wrong.
    public var message: String

    public init(code: Code, file: String, line: Int = 0, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the shape compilers use, so editors can jump to the line.
    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
