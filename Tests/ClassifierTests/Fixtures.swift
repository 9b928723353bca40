import Foundation
import Testing

@testable import Classifier

/// Shared test helpers: the real data directory, a classifier built from it, and scratch
/// directories for knowledge-validation tests.
enum Fixtures {
    /// The package root, found from this file's real path (Tests/ClassifierTests/Fixtures.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `config/classifier`, the knowledge the daemon ships with.
    static let dataDirectory = packageRoot.appendingPathComponent("config/classifier")

    /// The shipped knowledge, loaded once for all tests.
    static let knowledge: Knowledge = {
        do {
            return try Knowledge.load(directory: dataDirectory)
        } catch {
            fatalError("the shipped classifier data does not load: \(error)")
        }
    }()

    static let classifier = Classifier(knowledge: knowledge)

    static func classify(_ title: String, _ summary: String = "") -> Classification {
        classifier.classify(title: title, summary: summary)
    }

    /// Writes `files` (name -> TOML text) into a fresh temporary directory and returns it.
    static func directory(with files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("bw-classifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    /// Loads knowledge from the given files; the directory is removed afterwards.
    static func load(_ files: [String: String]) throws -> Knowledge {
        let url = try directory(with: files)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Knowledge.load(directory: url)
    }

    /// The error that loading `files` throws, or nil when they load.
    static func loadError(_ files: [String: String]) throws -> ClassifierError? {
        let url = try directory(with: files)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try Knowledge.load(directory: url)
            return nil
        } catch {
            return error
        }
    }
}
