import ArgumentParser
import Daemon

/// The `brinkwatch` command: the daemon and the tools around it.
@main
struct Brinkwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brinkwatch",
        abstract: "Watches the news of a tense region and writes a daily digest of provocations and diplomacy.",
        version: BrinkwatchVersion.string,
        subcommands: [
            RunCommand.self, FetchCommand.self, ParseCommand.self, ClassifyCommand.self, EvalCommand.self,
            DigestCommand.self, StatusCommand.self, InboxCommand.self, FeedsCommand.self, CheckConfigCommand.self,
        ]
    )
}
