import ArgumentParser
import Config
import Foundation

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Import or export the feed list as OPML.",
        subcommands: [Import.self, Export.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the feeds of an OPML file to the configuration.",
            discussion: "Appends a [[feed]] table for each new URL, keeping the file's comments; URLs already configured are skipped."
        )

        @OptionGroup var options: ConfigOptions

        @Argument(help: ArgumentHelp("The OPML file, as any feed reader exports it.", valueName: "FILE"))
        var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("error: cannot read \(file)")
                throw ExitCode(66)
            }
            do {
                let result = try FeedListEditor(file: options.path).add(try OPML.parse(data, file: file))
                for feed in result.added { print("added: \(feed.name)  \(feed.url)") }
                for url in result.skipped { print("skipped: \(url)") }
                print("\(result.added.count) added, \(result.skipped.count) skipped; reload or restart the daemon to fetch them")
            } catch {
                printError("error: \(error)")
                throw ExitCode(65)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the configured feeds as OPML.")

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let configuration = try options.load()
            print(OPML.render(configuration.feeds.filter { !$0.isFile }, title: "brinkwatch feeds"), terminator: "")
        }
    }
}
