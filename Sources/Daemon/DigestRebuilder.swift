import Config
import Digest
import Durable
import Logging

/// Rebuilds one day's digest from its classified items, outside the running daemon
/// (`brinkwatch digest --date D`).
public struct DigestRebuilder: Sendable {
    let publisher: DigestPublisher

    public init(configuration: Configuration, logger: Logger) {
        publisher = DigestPublisher(configuration: configuration, logger: logger)
    }

    public func rebuild(_ day: String) throws(FileError) -> DigestWriter.Written {
        try publisher.rebuild(day)
    }
}
