@testable import Config
import Foundation
import Testing
import TestSupport

@Suite("OPML import and export")
struct OPMLTests {
    static let sample = """
        <?xml version="1.0"?>
        <opml version="1.0"><head><title>exported</title></head><body>
          <outline text="Asia">
            <outline type="rss" text="Wire: Asia &amp; Pacific" xmlUrl="https://wire.example/asia.xml"/>
            <outline type="rss" title="Ministry" xmlURL="https://ministry.example/feed"/>
          </outline>
          <outline type="rss" text="No URL"/>
        </body></opml>
        """

    @Test("outlines are read at any depth, whatever the case of xmlUrl")
    func parse() throws {
        let outlines = try OPML.parse(Data(Self.sample.utf8), file: "subs.opml")
        #expect(outlines == [
            .init(title: "Wire: Asia & Pacific", url: "https://wire.example/asia.xml"),
            .init(title: "Ministry", url: "https://ministry.example/feed"),
        ])
    }

    @Test("a document that is not OPML is refused, naming the file")
    func notOPML() {
        let error = #expect(throws: ConfigError.self) { try OPML.parse(Data("<rss/>".utf8), file: "x.opml") }
        #expect(error?.description.hasPrefix("x.opml") == true)
    }

    @Test("export escapes titles and URLs and reads back the same feeds")
    func roundTrip() throws {
        let feeds = [FeedSource(name: "a", url: "https://x.example/f?a=1&b=2", title: "A <&> \"B\"")]
        let text = OPML.render(feeds, title: "t")
        #expect(text.contains("xmlUrl=\"https://x.example/f?a=1&amp;b=2\""))
        let back = try OPML.parse(Data(text.utf8), file: "t.opml")
        #expect(back == [.init(title: "A <&> \"B\"", url: "https://x.example/f?a=1&b=2")])
    }

    @Test("import appends new feeds with unique names, keeps comments and skips known URLs")
    func importAppends() throws {
        // Inside a scratch folder, which goes at exit (a file beside it would stay).
        let folder = ScratchFolder.path("opml")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/brinkwatch.toml"
        let original = """
            # my comment
            [[feed]]
            name = "wire-asia-pacific"
            url = "https://other.example/feed"

            [[feed]]
            name = "ministry"
            url = "https://ministry.example/feed"
            """
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try FeedListEditor(file: path).add(try OPML.parse(Data(Self.sample.utf8), file: "subs.opml"))
        #expect(result.added.map(\.name) == ["wire-asia-pacific-2"])
        #expect(result.skipped == ["https://ministry.example/feed"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# my comment\n"))
        let configuration = try Configuration.load(path: path)
        #expect(configuration.feeds.map(\.url).last == "https://wire.example/asia.xml")
        #expect(configuration.feeds.last?.title == "Wire: Asia & Pacific")
    }

    @Test("names are slugs of the title")
    func slugs() {
        #expect(FeedListEditor.slug("Yonhap News: North Korea") == "yonhap-news-north-korea")
        #expect(FeedListEditor.slug("  ¿¡ ") == "feed")
        #expect(FeedListEditor.uniqueName("a", taken: ["a", "a-2"]) == "a-3")
    }
}
