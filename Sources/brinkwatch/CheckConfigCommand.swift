import ArgumentParser
import Classifier
import Config
import Foundation

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and explain the settings in force.",
        discussion: "Exits 0 when the configuration and the classifier's knowledge load, 78 otherwise."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let c = try options.load()
        do {
            _ = try Knowledge.load(directory: URL(fileURLWithPath: c.paths.classifier))
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)
        }
        print("configuration: \(c.file) is valid")
        print("")
        print("inbox:       \(c.paths.inbox)")
        print("classified:  \(c.paths.classified)")
        print("digests:     \(c.paths.digests)")
        print("state:       \(c.paths.state)")
        print("knowledge:   \(c.paths.classifier)")
        print("workers:     \(c.workers)")
        print("digest day:  midnight to midnight, \(c.timeZone.identifier); final \(c.digest.graceHours) h after")
        print("digest feed: \"\(c.digest.title)\"" + (c.digest.baseURL.map { ", published at \($0)" } ?? ""))
        print("focus:       \(c.focus.joined(separator: ", "))")
        print("fetch:       each feed every \(c.fetch.minIntervalMinutes) to \(c.fetch.maxIntervalMinutes) min, "
            + "timeout \(c.fetch.timeoutSeconds) s, at most \(c.fetch.maxBytes) bytes, "
            + "\(c.fetch.maxConnections) connections (\(c.fetch.maxConnectionsPerHost) per host, "
            + "\(c.fetch.hostSpacingSeconds) s apart)")
        print("contact:     \(c.fetch.contact ?? "none (set fetch.contact so publishers can reach you)")")
        print("log level:   \(options.logLevel ?? c.logLevel)")
        print("retention:   " + (c.retentionDays > 0
            ? "classified items and dead letters kept \(c.retentionDays) days"
            : "classified items and dead letters kept for ever")
            + (c.digest.retentionDays > 0 ? ", digests \(c.digest.retentionDays) days" : ", digests for ever"))
        print("metrics:     \(Self.describe(c.metrics))")
        if case .postgresql = c.queue.store {
            print("queue:       \(c.queue.summary); claims held \(c.queue.leaseSeconds) s by a daemon that stops answering")
        } else {
            print("queue:       files, under the inbox, classified and state folders")
        }
        print("")
        print("\(c.feeds.count) feed\(c.feeds.count == 1 ? "" : "s"):")
        let width = c.feeds.map(\.name.count).max() ?? 0
        for feed in c.feeds {
            print("  \(feed.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(feed.url)")
        }
        if c.feeds.isEmpty { print("  none: add [[feed]] tables with a name and a url") }
    }

    /// `http://127.0.0.1:9464/metrics; textfile /var/lib/.../brinkwatch.prom every 15 s`, or `off`.
    static func describe(_ metrics: Configuration.Metrics) -> String {
        var parts: [String] = []
        if let listen = metrics.listen {
            let reach = listen.isLoopback ? "" : " (not loopback: reachable from other hosts)"
            parts.append("http://\(listen)/metrics" + reach)
        }
        if let textfile = metrics.textfile {
            parts.append("textfile \(textfile) every \(metrics.intervalSeconds) s")
        }
        guard !parts.isEmpty else { return "off (a [metrics] table turns on the endpoint or the textfile)" }
        return parts.joined(separator: "; ")
    }
}
