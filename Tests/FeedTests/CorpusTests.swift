import Feed
import Foundation
import Testing
import TestSupport

/// Real feeds captured from news sites, kept outside this repository; when the folder is there, every file in it
/// must parse into at least one item. Nothing from those files is copied into the project.
@Suite("Shared feed corpus")
struct CorpusTests {
    /// `../shared/corpus/feeds` next to the package root (found from this file's path: Tests/FeedTests/ → root).
    static let directory: URL? = {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let corpus = root.appendingPathComponent("../shared/corpus/feeds").standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? corpus : nil
    }()

    static var feedFiles: [URL] {
        guard let directory else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { ["xml", "atom", "rss", "json"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    // Skipped on machines without the corpus (it is not part of the repository).
    @Test(
        "every corpus feed parses into at least one item", .offPool,
        .enabled(if: directory != nil, "no feed corpus at ../shared/corpus/feeds next to the package; skipped")
    )
    func corpus() throws {
        let files = Self.feedFiles
        try #require(!files.isEmpty, "the corpus folder holds no feed files")
        for file in files {
            let data = try Data(contentsOf: file)
            let parser = FeedParser(feed: file.lastPathComponent, documentURL: "https://corpus.example.com/feed")
            var offset = 0
            while offset < data.count {                     // 64 KiB chunks, as from a network callback
                let end = min(offset + 65_536, data.count)
                parser.push(data.subdata(in: offset..<end))
                offset = end
            }
            let document = parser.finish()
            let name = file.lastPathComponent
            #expect(document.format != .unknown, "\(name): format not recognised; errors: \(document.errors)")
            #expect(!document.items.isEmpty, "\(name): no items; errors: \(document.errors)")
            #expect(Set(document.items.map(\.id)).count == document.items.count, "\(name): duplicate ids")
            #expect(document.items.allSatisfy { $0.title != nil || $0.summary != nil }, "\(name): empty items")
        }
    }
}
