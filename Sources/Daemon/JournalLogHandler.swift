import Foundation
import Logging
import Synchronization

/// Log lines for systemd's journal: one line per event on standard error, prefixed with its
/// syslog priority (`<3>` error, `<4>` warning, `<6>` info, ...) and no timestamp, which the
/// journal adds itself; metadata follows the message as `key=value` pairs.
///
/// Used when `$JOURNAL_STREAM` is set, that is, when standard error is connected to the journal.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = JournalLogHandler.standardError) {
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error { all["error"] = "\(error)" }
        var text = "<\(Self.priority(event.level))>" + Self.oneLine("\(event.message)")
        for key in all.keys.sorted() { text += " \(key)=\(Self.oneLine("\(all[key]!)"))" }
        write(text + "\n")
    }

    /// syslog priorities, as sd-daemon(3) defines the prefixes.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// The journal splits lines; a value must not.
    static func oneLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ") : text
    }

    private static let lock = Mutex(())

    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
