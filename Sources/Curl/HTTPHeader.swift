/// One HTTP header field: a name and its value.
///
/// Requests send names as given; ``CurlResponse`` stores names lowercased, because HTTP field names are
/// case-insensitive and lowercase keys make lookups cheap and unambiguous.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The field name, such as `If-None-Match`.
    public var name: String
    /// The field value, sent or received verbatim apart from surrounding whitespace.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Creates a header field with labelled arguments.
    public init(name: String, value: String) {
        self.init(name, value)
    }

    /// The field as it appears on the wire: `Name: value`.
    public var description: String { "\(name): \(value)" }
}
