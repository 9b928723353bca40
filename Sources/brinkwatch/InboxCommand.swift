import ArgumentParser
import Config
import Daemon
import Foundation
import Inbox

struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "See and repair the queue without touching its files by hand.",
        discussion: "Safe while the daemon runs: every change follows the queue's own protocol.",
        subcommands: [Depths.self, List.self, Show.self, Requeue.self, Purge.self],
        defaultSubcommand: Depths.self
    )

    static func open(_ options: ConfigOptions) throws -> any Inbox {
        let configuration = try options.load()
        do {
            return try Storage.open(configuration).inbox
        } catch {
            printError("error: \(error)")
            throw ExitCode(74)
        }
    }

    struct Depths: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many items each folder holds.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let depths = try InboxCommand.open(options).depths()
            print("ready \(depths.ready)  claimed \(depths.claimed)  dead \(depths.dead)  staging \(depths.staging)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The items of one folder, oldest first.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "ready, claimed or dead.") var folder: String = "dead"

        func run() throws {
            guard let which = InboxFolder(rawValue: folder) else {
                throw ValidationError("'\(folder)' is not a folder (expected ready, claimed or dead)")
            }
            for entry in try InboxCommand.open(options).list(which) {
                var line = "\(entry.id)  attempts \(entry.attempts)  age \(Int(entry.age)) s"
                if let reason = entry.reason { line += "  \(reason)" }
                print(line)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one item's folder, attempts and content.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The item id.") var id: String

        func run() throws {
            guard let (entry, payload) = try InboxCommand.open(options).payload(of: id) else {
                printError("error: no item \(id) in the inbox")
                throw ExitCode(66)
            }
            print("folder: \(entry.folder.rawValue)\nattempts: \(entry.attempts)")
            if let reason = entry.reason { print("reason: \(reason)") }
            print(String(decoding: payload, as: UTF8.self))
        }
    }

    struct Requeue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return dead letters to the ready items.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Item ids; none with --all.") var ids: [String] = []
        @Flag(help: "Requeue every dead letter.") var all = false

        func validate() throws {
            if ids.isEmpty != all { throw ValidationError("give item ids or --all (not both)") }
        }

        func run() throws {
            let inbox = try InboxCommand.open(options)
            let targets = all ? try inbox.list(.dead).map(\.id) : ids
            var missing = 0
            for id in targets {
                if try inbox.requeueDead(id) { print("requeued: \(id)") } else {
                    printError("error: no dead letter \(id)")
                    missing += 1
                }
            }
            if missing > 0 { throw ExitCode(66) }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove classified items, dead letters and digests older than the configured retention.",
            discussion: """
                `[retention] days` in the configuration sets how long classified items (with their \
                day's feed health) and dead letters are kept, `[retention] digest_days` how long digests \
                are kept; 0 keeps them. The running daemon applies the same retention each time a day's \
                digest becomes final.
                """
        )
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Say what would be removed, and remove nothing.") var dryRun = false

        func run() throws {
            let configuration = try options.load()
            let purge: RetentionPurge
            do {
                purge = try RetentionPurge(configuration: configuration)
            } catch {
                printError("error: \(error)")
                throw ExitCode(74)
            }
            let firstKept = purge.firstKeptDay(now: Date())
            let firstKeptDigest = purge.firstKeptDigestDay(now: Date())
            guard firstKept != nil || firstKeptDigest != nil else {
                print("no retention set ([retention] days = 0, digest_days = 0): nothing removed")
                return
            }
            let report: RetentionPurge.Report
            do {
                report = try purge.run(dryRun: dryRun)
            } catch {
                printError("error: \(error)")
                throw ExitCode(74)
            }
            let verb = dryRun ? "would remove" : "removed"
            if let firstKept {
                print("keeping \(configuration.retentionDays) days (from \(firstKept)); \(verb) \(report.records) "
                    + "classified items of \(report.days.count) days and \(report.deadLetters) dead letters")
            }
            if let firstKeptDigest {
                print("keeping digests \(configuration.digest.retentionDays) days (from \(firstKeptDigest)); "
                    + "\(verb) the digests of \(report.digests) days")
            }
            for day in report.days { print("  \(day)") }
        }
    }
}
