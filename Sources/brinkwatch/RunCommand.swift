import ArgumentParser
import Daemon
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground.",
        discussion: """
            Fetches the configured feeds into the inbox, classifies each item with a pool of \
            workers and rewrites the day's digest as items arrive. SIGTERM or SIGINT drains and exits.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Run one fetch cycle, drain the inbox, write the digests, and exit.")
    var once = false

    func run() async throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration)
        let daemon: Daemon
        do {
            daemon = try Daemon(configuration: configuration, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        guard once else {
            logger.info("brinkwatch starting", metadata: [
                "config": "\(configuration.file)", "feeds": "\(configuration.feeds.count)",
                "workers": "\(configuration.workers)",
            ])
            try await daemon.run()
            return
        }
        let report: Daemon.OnceReport
        do {
            report = try await daemon.runOnce()
        } catch {
            logger.critical("stopped", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        print("feeds: \(report.feedsFetched) fetched, \(report.feedsUnchanged) unchanged, \(report.feedsFailed) failed")
        print("items: \(report.itemsEnqueued) new, \(report.itemsClassified) classified")
        for written in report.digests {
            print("digest: \(written.markdown)")
            print("digest: \(written.json)")
        }
        // The digest is the point of a pass: without today's, the pass failed.
        if report.today == nil {
            printError("error: today's digest could not be written (see the log above)")
            throw ExitCode.failure
        }
    }
}
