import Classifier
import Evaluation
import Foundation
import Testing
import TestSupport

/// End-to-end checks with the repository's real knowledge folder and, when it has been built next
/// to the tests, the real `brinkwatch` binary.
@Suite("brinkwatch eval, end to end", .offPool)
struct CommandLineEvalTests {
    /// Four items written for these tests, clear enough that their gold labels are not in doubt.
    static let labelled = """
        {"id": "t1", "title": "North Korea fires ballistic missile into the sea", "summary": \
        "The launch was detected by the South's military on Tuesday.", "labels": ["provocation"], \
        "types": ["missile_launch"]}
        {"id": "t2", "title": "Village fair draws record crowd", "summary": "Farmers showed pumpkins.", \
        "labels": [], "types": [], "hard": true}
        {"id": "t3", "title": "Foreign ministers of Japan and South Korea hold talks in Tokyo", "summary": "", \
        "labels": ["diplomatic"], "types": ["talks"]}
        {"id": 4, "title": "Weather turns cold", "summary": "Snow is expected.", "labels": [], "types": []}
        """

    static var binary: URL? {
        let folder = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [folder, Bundle.main.bundleURL].map { $0.appendingPathComponent("brinkwatch") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test("a report over the real classifier scores every item of the file in both scopes")
    func inProcess() throws {
        let knowledge = try Knowledge.load(directory: Fixtures.knowledgeFolder)
        let classifier = Classifier(knowledge: knowledge)
        let items = try LabelFile.parse(Data(Self.labelled.utf8), file: "small.jsonl")
        let report = EvaluationReport(file: "small.jsonl", items: items) { classifier.classify(title: $0, summary: $1) }
        #expect(report.all.itemCount == 4 && report.notHard.itemCount == 3)
        #expect(report.all.confusion.total == 4)
        for (outcome, item) in zip(report.outcomes, items) {
            #expect(outcome.predicted == classifier.classify(title: item.title, summary: item.summary))
        }
        #expect((0...1).contains(report.all.macroF1))
        #expect(report.misclassified.count == report.labelErrorCount + report.typeOnlyErrorCount)
    }

    @Test("the binary prints JSON figures and exits 0, and exits 65 naming file:line on a malformed file",
          .enabled(if: binary != nil, "brinkwatch is not built next to the tests"))
    func binaryRuns() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("small.jsonl")
        try Data(Self.labelled.utf8).write(to: good)
        let json = try run(["eval", good.path, "--knowledge", Fixtures.knowledgeFolder.path, "--json"])
        #expect(json.status == 0, "\(json.error)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(root["items"] as? Int == 4 && root["hard"] as? Int == 1)

        let text = try run(["eval", good.path, "--knowledge", Fixtures.knowledgeFolder.path, "--errors", "0"])
        #expect(text.status == 0)
        #expect(text.output.contains("== Items not marked hard (3) =="))
        #expect(text.output.contains("macro-F1"))

        let bad = folder.appendingPathComponent("bad.jsonl")
        try Data((Self.labelled + "\n{\"id\": \"t9\", \"title\": \"x\"}\n").utf8).write(to: bad)
        let broken = try run(["eval", bad.path, "--knowledge", Fixtures.knowledgeFolder.path])
        #expect(broken.status == 65)
        #expect(broken.error.contains("bad.jsonl:5: missing \"summary\""), "\(broken.error)")
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let binary: URL = try #require(Self.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }
}
