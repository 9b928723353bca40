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
        // The two renderings are independent: made at the same time. The JSON goes to its file
        // a piece at a time as it is encoded (a busy day's is tens of megabytes); the Markdown
        // is written from the rendered text's own bytes, never copied.
        let (markdown, json) = Parallel.both(
            { MarkdownRenderer(timeZone: timeZone).render(digest) },
            {
                Result {
                    try DurableFile.replace(digest.date + ".json", in: folder) { write in
                        try DigestJSON.encode(digest, with: Self.encoder, into: write)
                        try [UInt8(0x0a)].withUnsafeBytes(write)
                    }
                }
            })
        do {
            try json.get()
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(code: .invalid, operation: "encode", path: folder.pathOf(digest.date + ".json"),
                            message: "cannot encode the digest: \(error)")
        }
        do {
            var text = markdown
            try DurableFile.replace(digest.date + ".md", in: folder) { write in
                try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
            }
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(code: .invalid, operation: "write", path: folder.pathOf(digest.date + ".md"),
                            message: "\(error)")
        }
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
