import Feed
import Foundation
import JSONText

/// Writes, per input file, one JSON line with the fields the conformance script compares.
///
/// A `--url-map` file (lines of `path<TAB>url`) gives the document URL a test case claims through its
/// `Content-Location` header. Output is flushed per file so a crash names the file that caused it.
enum Dump {
    struct Entry: Encodable {
        var title: String?
        var link: String?
        var published: Double?
        var updated: Double?
        var dateNote: String?
    }

    struct Record: Encodable {
        var file: String
        var format: String
        var title: String?
        var link: String?
        var errors: [String]
        var items: [Entry]
    }

    static func run(_ arguments: [String]) {
        var urls: [String: String] = [:]
        if let mapPath = Console.option("--url-map", in: arguments),
           let text = try? String(contentsOfFile: mapPath, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
                if parts.count == 2 { urls[parts[0]] = parts[1] }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let now = Date()
        for path in Console.positional(arguments) {
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.fail("cannot read \(path)")
            }
            let document = FeedParser.parse(data, feed: "dump", documentURL: urls[path], now: now)
            let record = Record(
                file: path, format: document.format.rawValue, title: document.title, link: document.link,
                errors: document.errors.map(\.description),
                items: document.items.map {
                    Entry(title: $0.title, link: $0.link, published: $0.published?.timeIntervalSince1970,
                          updated: $0.updated?.timeIntervalSince1970, dateNote: $0.dateNote)
                })
            var line = (try? encoder.encode(record)) ?? Data("{}".utf8)
            line.append(0x0A)
            FileHandle.standardOutput.write(line)
        }
    }

    /// Every item of every file as one JSON line, the file's path first; dates relative to a fixed time, so the
    /// output depends on the parser alone.
    static func items(_ arguments: [String]) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for path in Console.positional(arguments) {
            guard let data = FileManager.default.contents(atPath: path) else { Console.fail("cannot read \(path)") }
            let document = FeedParser.parse(data, feed: "dump", documentURL: nil, now: now)
            var output = Data()
            for item in document.items {
                var writer = JSONWriter()
                item.write(to: &writer)
                output.append(contentsOf: Array(path.utf8) + [0x09] + writer.bytes + [0x0A])
            }
            FileHandle.standardOutput.write(output)
        }
    }
}
