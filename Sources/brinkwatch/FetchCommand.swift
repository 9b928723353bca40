import ArgumentParser
import Daemon
import Foundation

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the feeds into the inbox, without classifying.",
        discussion: """
            Without --once, keeps fetching each feed as it comes due until SIGTERM or SIGINT. \
            Workers (brinkwatch run, here or in another process sharing the inbox) classify what arrives.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Fetch the feeds that are due once, then exit.")
    var once = false

    @Flag(name: .long, help: "With --once: fetch every feed, whatever its schedule.")
    var all = false

    func validate() throws {
        if all && !once { throw ValidationError("--all goes with --once") }
    }

    func run() async throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration)
        let fetcher: FetchOnly
        do {
            fetcher = try FetchOnly(configuration: configuration, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        guard once else {
            try await fetcher.run()
            return
        }
        let report = await fetcher.once(all: all)
        print("feeds: \(report.fetched) fetched, \(report.unchanged) unchanged, \(report.rateLimited) rate-limited, "
            + "\(report.failed) failed\(report.outage ? " (network outage)" : "")")
        print("items: \(report.enqueued) enqueued")
        if !report.deferred.isEmpty {
            // Each has logged why: another process was fetching it, its state was out of reach, or the disk is full.
            print("not fetched this time: \(report.deferred.sorted().joined(separator: ", "))")
        }
        if let broken = report.broken {
            printError("error: \(broken)")
            throw ExitCode.failure
        }
    }
}
