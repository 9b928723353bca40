/// The file name of a queued item: its id, plus `,a=N` once it has been claimed N times.
///
/// Carrying the attempt count in the name keeps it with the item through every rename, with
/// no side file to keep in step.
enum ItemName {
    static func make(id: String, attempts: Int) -> String {
        attempts == 0 ? id : "\(id),a=\(attempts)"
    }

    static func parse(_ name: String) -> (id: String, attempts: Int) {
        guard let comma = name.firstIndex(of: ",") else { return (name, 0) }
        let id = String(name[..<comma])
        let rest = name[name.index(after: comma)...]
        guard rest.hasPrefix("a="), let count = Int(rest.dropFirst(2)) else { return (id, 0) }
        return (id, count)
    }
}
