import ArgumentParser
import Config
import Daemon
import Digest
import Foundation

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Rebuild or show a day's digest.",
        subcommands: [Build.self, Show.self],
        defaultSubcommand: Build.self
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a day's digest from its classified items.",
            discussion: """
                Writes DATE.md and DATE.json in the digests folder (and the digest feed when the day \\
                is final); the same items always give the same bytes. `brinkwatch digest --date D` \\
                is the same command.
                """
        )

        @OptionGroup var options: ConfigOptions
        @OptionGroup var day: DayOption

        func run() throws {
            let configuration = try options.load()
            let logger = options.bootstrapLogging(configuration)
            do {
                let written = try DigestRebuilder(configuration: configuration, logger: logger)
                    .rebuild(day.resolved(configuration))
                print(written.markdown)
                print(written.json)
            } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a day's digest, coloured when the output is a terminal.",
            discussion: "Reads DATE.md from the digests folder; NO_COLOR in the environment turns colour off."
        )

        @OptionGroup var options: ConfigOptions
        @OptionGroup var day: DayOption

        @Option(help: "auto (colour on a terminal), always or never.")
        var color: ColorChoice = .auto

        func run() throws {
            let configuration = try options.load()
            let name = day.resolved(configuration)
            let path = configuration.paths.digests + "/" + name + ".md"
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                printError("error: no digest for \(name) (\(path) is missing); "
                    + "`brinkwatch digest build --date \(name)` writes it from the classified items")
                throw ExitCode.failure
            }
            let colour = color.enabled(isTerminal: isatty(STDOUT_FILENO) == 1,
                                       environment: ProcessInfo.processInfo.environment)
            print(colour ? TerminalMarkdown.colour(text) : text, terminator: "")
        }
    }

    /// `--date`, shared by the subcommands.
    struct DayOption: ParsableArguments {
        @Option(
            name: .long,
            help: ArgumentHelp("The day, in the digest's time zone (default: today).", valueName: "YYYY-MM-DD"))
        var date: String?

        func validate() throws {
            if let date, !DigestDay.isValid(date) {
                throw ValidationError("'\(date)' is not a date of the form YYYY-MM-DD")
            }
        }

        func resolved(_ configuration: Configuration) -> String {
            date ?? DigestDay.of(Date(), in: configuration.timeZone)
        }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never

        func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
            switch self {
            case .always: return true
            case .never: return false
            case .auto: return isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
            }
        }
    }
}
