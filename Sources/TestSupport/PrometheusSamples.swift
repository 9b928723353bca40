/// The samples of a Prometheus text exposition, by series as written (`name{label="value"}`),
/// so tests can check values without depending on the order of lines.
public struct PrometheusSamples: Sendable {
    public let values: [String: Double]
    /// The `# TYPE` of each metric family, by name.
    public let types: [String: String]

    public init(_ text: String) {
        var values: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { continue }
            values[String(line[..<space])] = value
        }
        self.values = values
        self.types = types
    }

    /// The value of `series`, such as `brinkwatch_fetches_total{outcome="fresh"}`.
    public subscript(_ series: String) -> Double? { values[series] }
}
