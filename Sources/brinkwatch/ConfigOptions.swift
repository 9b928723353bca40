import ArgumentParser
import Config
import Daemon
import Foundation
import Logging

/// The options every command that reads the configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The configuration file.",
            discussion: "Default: $BRINKWATCH_CONFIG, else ./config/brinkwatch.toml, else /etc/brinkwatch/brinkwatch.toml.",
            valueName: "path"
        )
    )
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical (default: from the configuration).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "'\(logLevel)' is not a log level (expected trace, debug, info, notice, warning, error or critical)")
        }
    }

    /// The configuration file that applies.
    var path: String { Configuration.locate(explicit: config) }

    /// Loads the configuration, or exits with its error on one line.
    func load() throws -> Configuration {
        do {
            return try Configuration.load(path: path)
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
    }

    /// Sends log lines to standard error at the chosen level.
    func bootstrapLogging(_ configuration: Configuration) -> Logger {
        let level = Logger.Level(rawValue: logLevel ?? configuration.logLevel) ?? .info
        // Under systemd, standard error goes to the journal, which wants priorities, not timestamps.
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler()
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "brinkwatch")
    }
}
