import Durable
import Foundation

/// Writes a day's digest files side by side, each atomically and durably, and keeps
/// `latest.md` pointing at the newest day.
public struct DigestWriter: Sendable {
    public let directory: String
    public let timeZone: TimeZone

    public init(directory: String, timeZone: TimeZone) {
        self.directory = directory
        self.timeZone = timeZone
    }

    /// The paths written for one day.
    public struct Written: Sendable, Equatable {
        public var markdown: String
        public var json: String
    }

    @discardableResult
    public func write(_ digest: Digest) throws(FileError) -> Written {
        let folder = try Directory(path: directory, create: true)
        // The two renderings are independent: made at the same time. Each ends as the bytes to
        // write, so that no other copy of a large day's text outlives its closure.
        let (markdown, encoded) = Parallel.both(
            { Array(MarkdownRenderer(timeZone: timeZone).render(digest).utf8) },
            {
                Result {
                    var json = try DigestJSON.encode(digest, with: Self.encoder)
                    json.append(0x0a)
                    return json
                }
            })
        let json: [UInt8]
        do {
            json = try encoded.get()
        } catch {
            throw FileError(code: .invalid, operation: "encode", path: folder.pathOf(digest.date + ".json"),
                            message: "cannot encode the digest: \(error)")
        }
        try DurableFile.replace(digest.date + ".json", in: folder, with: json)
        try DurableFile.replace(digest.date + ".md", in: folder, with: markdown)
        try pointLatest(at: digest.date + ".md", in: folder)
        return Written(markdown: folder.pathOf(digest.date + ".md"), json: folder.pathOf(digest.date + ".json"))
    }

    /// Makes `latest.md` a symbolic link to `name` unless it already points at a later day.
    private func pointLatest(at name: String, in folder: Directory) throws(FileError) {
        let current = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.pathOf("latest.md"))) ?? ""
        if !current.isEmpty, current >= name, folder.contains(current) { return }
        let temporary = ".latest.\(getpid()).tmp"
        try? folder.remove(temporary)
        if symlinkat(name, folder.fd, temporary) != 0 {
            throw FileError.fromErrno("symlink", path: folder.pathOf(temporary))
        }
        try folder.moveReplacing(temporary, to: folder, as: "latest.md")
        try folder.sync()
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
