import ArgumentParser
import Daemon
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the feeds and the queue at a glance.",
        discussion: "Reads the state files only, so it works whether the daemon runs or not."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        let configuration = try options.load()
        let report = StatusReport.collect(configuration)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.rendered(timeZone: configuration.timeZone), terminator: "")
        }
    }
}
