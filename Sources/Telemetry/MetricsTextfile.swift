import Durable

/// The exposition as a file for node-exporter's textfile collector, which reads every `*.prom`
/// file of its folder.
///
/// Each write replaces the file atomically (a hidden temporary file in the same folder, fsynced,
/// renamed over the old one): the collector sees the old file or the new one, never half of
/// one, and the temporary name does not end in `.prom`, so it is never collected.
public struct MetricsTextfile: Sendable {
    /// The file's absolute path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Replaces the file with `bytes`; its folder must exist.
    public func write(_ bytes: [UInt8]) throws(TelemetryError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        do {
            let directory = try Directory(path: folder)
            try DurableFile.replace(name, in: directory, with: bytes)
        } catch {
            throw TelemetryError(
                code: .textfile, message: "cannot write the metrics textfile: \(error)", errno: error.errno)
        }
    }
}
