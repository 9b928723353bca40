import ArgumentParser
import Curl
import Daemon
import Feed
import Fetcher
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the items of one feed as JSON Lines.",
        discussion: "Each line has id, feed, title, link, published and summary. FILE|URL is a path or an http(s)/file URL."
    )

    @Argument(help: ArgumentHelp("The feed to read.", valueName: "FILE|URL"))
    var source: String

    @Option(name: .long, help: "The feed name used in item ids (default: the file name or the host).")
    var feed: String?

    @Flag(name: .long, help: "Also print the detected format to standard error.")
    var format = false

    @Flag(name: .long, help: "Also print what went wrong while parsing to standard error; exit 65 if anything did.")
    var errors = false

    func run() async throws {
        let (data, documentURL, charset) = try await read()
        let name = feed ?? defaultName()
        let document = FeedParser.parse(data, feed: name, documentURL: documentURL, httpCharset: charset)
        if format { printError("format: \(document.format.rawValue)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        for item in document.items {
            let line = ParsedLine(
                id: item.id, feed: item.feed, title: item.title, link: item.link, published: item.published,
                summary: item.summary
            )
            print(String(decoding: try encoder.encode(line), as: UTF8.self))
        }
        if errors {
            for error in document.errors { printError("error: \(error)") }
            if !document.errors.isEmpty { throw ExitCode(65) }
        }
    }

    /// The body, the URL it came from, and the charset of its Content-Type when it came over HTTP.
    private func read() async throws -> (Data, String?, String?) {
        guard source.contains("://") else {
            guard let data = FileManager.default.contents(atPath: source) else {
                printError("error: cannot read \(source)")
                throw ExitCode(66)
            }
            return (data, URL(fileURLWithPath: source).absoluteString, nil)
        }
        let client = try CurlClient()
        defer { client.shutdown() }
        do {
            let request = CurlRequest(
                url: source, userAgent: "brinkwatch/\(BrinkwatchVersion.string) (parse)",
                allowFile: source.hasPrefix("file://"), proxy: ProxyEnvironment.proxy(for: source)
            )
            let response = try await client.perform(request)
            guard (200..<300).contains(response.status) else {
                printError("error: HTTP \(response.status) from \(response.effectiveURL)")
                throw ExitCode(69)
            }
            let charset = response.header("Content-Type").flatMap(ContentTypeCharset.label(in:))
            return (response.body, response.effectiveURL, charset)
        } catch let error as CurlError {
            printError("error: \(error)")
            throw ExitCode(69)
        }
    }

    private func defaultName() -> String {
        if source.contains("://"), let host = URL(string: source)?.host { return host }
        return URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
    }

    /// The fields printed for each item, in a fixed order (sorted keys).
    private struct ParsedLine: Encodable {
        var id: String
        var feed: String
        var title: String?
        var link: String?
        var published: Date?
        var summary: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(feed, forKey: .feed)
            try container.encode(title, forKey: .title)
            try container.encode(link, forKey: .link)
            try container.encode(published, forKey: .published)
            try container.encode(summary, forKey: .summary)
        }

        enum CodingKeys: String, CodingKey { case id, feed, title, link, published, summary }
    }
}
