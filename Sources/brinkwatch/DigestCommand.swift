import ArgumentParser
import Config
import Daemon
import Digest
import Foundation

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Rebuild a day's digest from its classified items.",
        discussion: "Writes DATE.md and DATE.json in the digests folder; the same items always give the same bytes."
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("The day, in the digest's time zone (default: today).", valueName: "YYYY-MM-DD"))
    var date: String?

    func validate() throws {
        if let date, !DigestDay.isValid(date) {
            throw ValidationError("'\(date)' is not a date of the form YYYY-MM-DD")
        }
    }

    func run() throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration)
        let day = date ?? DigestDay.of(Date(), in: configuration.timeZone)
        do {
            let written = try DigestRebuilder(configuration: configuration, logger: logger).rebuild(day)
            print(written.markdown)
            print(written.json)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
