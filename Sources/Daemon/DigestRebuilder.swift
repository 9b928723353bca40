import Config
import Digest
import Durable
import Foundation
import Logging

/// Rebuilds one day's digest from its classified items, outside the running daemon
/// (`brinkwatch digest --date D`).
public struct DigestRebuilder: Sendable {
    let publisher: DigestPublisher

    public init(configuration: Configuration, logger: Logger) throws(DaemonError) {
        publisher = DigestPublisher(configuration: configuration, storage: try Storage.open(configuration), logger: logger)
    }

    /// Rebuilds `day`; refuses to replace a digest whose classified items are gone (purged by
    /// the retention), which would turn a good digest into an empty one.
    public func rebuild(_ day: String, now: Date = Date()) throws(DaemonError) -> DigestWriter.Written {
        let digestPath = publisher.writer.directory + "/" + day + ".json"
        if FileManager.default.fileExists(atPath: digestPath), !publisher.store.days().contains(day) {
            let records = publisher.store.directory.map { "\($0)/\(day) is missing" } ?? "none are stored"
            throw DaemonError(
                step: "rebuilding the digest of \(day)",
                message: "its classified items are gone (\(records), removed by the retention?); "
                    + "the digest in \(digestPath) is kept as it is")
        }
        do {
            return try publisher.rebuild(day, now: now).written
        } catch {
            throw DaemonError(step: "rebuilding the digest of \(day)", message: "\(error)")
        }
    }
}
