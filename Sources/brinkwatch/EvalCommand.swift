import ArgumentParser
import Classifier
import Config
import Evaluation
import Foundation

/// `brinkwatch eval`: measures the configured classifier against a labelled file.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the classifier on a labelled JSON Lines file.",
        discussion: """
            The file follows the labelling rule's format: one object per line with "id", "title", \
            "summary", "labels", "types" and optionally "hard" and "note". The report gives precision, \
            recall and F1 per label, macro-F1, exact-set accuracy, event-type figures and a confusion \
            table, over all items and over the items not marked hard, then the misclassified items with \
            the evidence behind each verdict. Exits 0 whatever the figures (it is a measurement), 65 if \
            the file is malformed, 66 if it cannot be read, 78 if the configuration or knowledge is invalid.
            """
    )

    @Argument(help: ArgumentHelp("The labelled file.", valueName: "file.jsonl"))
    var file: String

    @OptionGroup var options: ConfigOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The classifier's knowledge folder (default: from the configuration).", valueName: "dir"))
    var knowledge: String?

    @Flag(name: .long, help: "Print the figures as JSON instead of the readable report.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Show at most this many misclassified items.", valueName: "n"))
    var errors = 50

    func validate() throws {
        if errors < 0 { throw ValidationError("--errors must be 0 or more, not \(errors)") }
    }

    func run() throws {
        let items: [LabelledItem]
        do {
            items = try LabelFile.load(from: URL(fileURLWithPath: file), name: file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(error.code == .unreadable ? 66 : 65)  // EX_NOINPUT, EX_DATAERR
        }
        let classifier = try options.classifier(knowledge: knowledge)
        let report = EvaluationReport(file: file, items: items) { title, summary in
            classifier.classify(title: title, summary: summary)
        }
        if json {
            print(ReportJSON.render(report))
        } else {
            print(ReportText.render(report, errorLimit: errors), terminator: "")
        }
    }
}
