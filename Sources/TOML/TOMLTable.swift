/// A TOML table: keys in the order the document wrote them, each with its value and line.
///
/// Document order matters for messages ("the first unknown key") and for anything that echoes
/// configuration back to a person, which a plain dictionary would scramble.
public struct TOMLTable: Sendable, Equatable {
    /// The keys, in document order.
    public private(set) var keys: [String]
    private var values: [String: TOMLValue]
    /// Line of the table's header, of its inline table's `{`, or of the first dotted key that created
    /// it; 0 for the root table.
    public var line: Int

    /// An empty table, for building configuration in code and in tests.
    public init(line: Int = 0) {
        self.keys = []
        self.values = [:]
        self.line = line
    }

    init(line: Int, capacity: Int) {
        self.init(line: line)
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    public subscript(key: String) -> TOMLValue? {
        values[key]
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Sets `key` to `value`; a new key goes last in document order, an existing one keeps its place.
    public mutating func set(_ key: String, to value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil {
            keys.append(key)
        }
    }

    /// Follows a path of keys through nested tables: `value(at: ["digest", "hour"])`.
    public func value(at path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = values[first] else { return nil }
        if path.count == 1 { return value }
        guard case .table(let inner) = value.kind else { return nil }
        return inner.value(at: Array(path.dropFirst()))
    }
}
