import ArgumentParser
import Classifier
import Config
import Foundation

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify JSON Lines items read from standard input.",
        discussion: """
            Each input line is an object with "id", "title" and "summary". Each output line has \
            "id", "labels" (provocation, diplomatic), "types", "severity", "actors", "focus", \
            "confidence" and, with --explain, the evidence behind every label.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("The classifier's knowledge folder (default: from the configuration).", valueName: "dir"))
    var knowledge: String?

    @Flag(name: .long, help: "Include the evidence (the words that decided) and the matches that modality rules dropped.")
    var explain = false

    func run() throws {
        let classifier = try options.classifier(knowledge: knowledge)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lineNumber = 0
        var failures = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let input = try? JSONDecoder().decode(Input.self, from: Data(line.utf8)) else {
                printError("error: stdin:\(lineNumber): expected a JSON object with \"id\", \"title\" and \"summary\"")
                failures += 1
                continue
            }
            let result = classifier.classify(title: input.title ?? "", summary: input.summary ?? "")
            let output = Output(id: input.id, result: result, explain: explain)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(65) }
    }

    private struct Input: Decodable {
        var id: String
        var title: String?
        var summary: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .id) {
                id = text
            } else {
                id = String(try container.decode(Int.self, forKey: .id))
            }
            title = try container.decodeIfPresent(String.self, forKey: .title)
            summary = try container.decodeIfPresent(String.self, forKey: .summary)
        }

        enum CodingKeys: String, CodingKey { case id, title, summary }
    }

    private struct Output: Encodable {
        var id: String
        var result: Classification
        var explain: Bool

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(result.labels, forKey: .labels)
            try container.encode(result.types, forKey: .types)
            try container.encode(result.severity, forKey: .severity)
            try container.encode(result.actors, forKey: .actors)
            try container.encode(result.focus, forKey: .focus)
            try container.encode(result.confidence, forKey: .confidence)
            try container.encodeIfPresent(result.note, forKey: .note)
            if explain {
                try container.encode(result.evidence, forKey: .evidence)
                try container.encode(result.suppressed, forKey: .suppressed)
            }
        }

        enum CodingKeys: String, CodingKey { case id, labels, types, severity, actors, focus, confidence, note, evidence, suppressed }
    }
}
