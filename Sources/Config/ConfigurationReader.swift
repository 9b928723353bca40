import Foundation
import TOML

/// Turns a parsed TOML document into a ``Configuration``, checking every key and value.
struct ConfigurationReader {
    let root: TOMLReader
    let file: String
    let folder: String

    init(root: TOMLTable, file: String) {
        self.root = TOMLReader(root, file: file)
        self.file = file
        self.folder = (file as NSString).deletingLastPathComponent
    }

    func read() throws(TOMLError) -> Configuration {
        try root.rejectUnknownKeys(allowed: [
            "paths", "fetch", "workers", "digest", "classifier", "log", "feed", "retention", "metrics",
            "queue",
        ])
        let feeds = try readFeeds()
        let retention = try readRetention()
        return Configuration(
            file: file,
            paths: try readPaths(),
            fetch: try readFetch(),
            workers: try readWorkers(),
            timeZone: try readTimeZone(),
            focus: try readFocus(),
            logLevel: try readLogLevel(),
            feeds: feeds,
            retentionDays: retention.items,
            digest: try readDigest(digestRetentionDays: retention.digests),
            metrics: try readMetrics(),
            queue: try readQueue()
        )
    }

    private func readQueue() throws(TOMLError) -> Configuration.Queue {
        guard let table = try root.table("queue") else { return Configuration.Queue() }
        try table.rejectUnknownKeys(allowed: ["store", "url", "lease_seconds"])
        let leaseSeconds = try table.int("lease_seconds", default: 120, range: 10...86_400)
        switch try table.string("store", default: "files") {
        case "files":
            if try table.string("url") != nil {
                throw table.error("url", "a url is for store = \"postgresql\"; the file store needs none")
            }
            return Configuration.Queue(store: .files, leaseSeconds: leaseSeconds)
        case "postgresql":
            guard let url = try table.string("url") else {
                throw table.error("url", "store = \"postgresql\" needs a url, such as \"postgresql://brinkwatch@db.example.org/brinkwatch\"")
            }
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw table.error("url", "'\(Configuration.Queue.hidePassword(url))' is not a postgresql:// URL")
            }
            return Configuration.Queue(store: .postgresql(url: url), leaseSeconds: leaseSeconds)
        case let other:
            throw table.error("store", "'\(other)' is not a store: use \"files\" or \"postgresql\"")
        }
    }

    private func readMetrics() throws(TOMLError) -> Configuration.Metrics {
        guard let table = try root.table("metrics") else { return Configuration.Metrics() }
        try table.rejectUnknownKeys(allowed: ["listen", "textfile", "interval_seconds"])
        var listen: ListenAddress?
        if let text = try table.string("listen") {
            do {
                listen = try ListenAddress.parse(text)
            } catch {
                throw table.error("listen", error.message)
            }
        }
        var textfile: String?
        if let text = try table.string("textfile") {
            guard text.hasSuffix(".prom"), text.count > 5 else {
                throw table.error(
                    "textfile", "'\(text)' must end in .prom (node-exporter's textfile collector reads only those)")
            }
            textfile = path(text)
        }
        return Configuration.Metrics(
            listen: listen, textfile: textfile,
            intervalSeconds: try table.int("interval_seconds", default: 15, range: 1...3600)
        )
    }

    private func readRetention() throws(TOMLError) -> (items: Int, digests: Int) {
        let table = try root.table("retention") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "retention")
        try table.rejectUnknownKeys(allowed: ["days", "digest_days"])
        return (
            try table.int("days", default: 0, range: 0...36_500),
            try table.int("digest_days", default: 0, range: 0...36_500)
        )
    }

    private func readDigest(digestRetentionDays: Int) throws(TOMLError) -> Configuration.DigestOptions {
        let table = try root.table("digest") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "digest")
        let title = try table.string("title", default: "brinkwatch digest")
        if title.isEmpty { throw table.error("title", "the digest title is empty") }
        var baseURL = try table.string("base_url")
        if let url = baseURL {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.contains(" ") else {
                throw table.error("base_url", "'\(url)' is not an http(s) address")
            }
            while baseURL?.hasSuffix("/") == true { baseURL?.removeLast() }
        }
        return Configuration.DigestOptions(
            graceHours: try table.int("grace_hours", default: 6, range: 0...72),
            title: title,
            baseURL: baseURL,
            retentionDays: digestRetentionDays
        )
    }

    private func path(_ value: String) -> String { Configuration.absolute(value, base: folder) }

    private func readPaths() throws(TOMLError) -> Configuration.Paths {
        let table = try root.table("paths") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "paths")
        try table.rejectUnknownKeys(allowed: ["inbox", "classified", "digests", "state", "classifier"])
        return Configuration.Paths(
            inbox: path(try table.string("inbox", default: "../inbox")),
            classified: path(try table.string("classified", default: "../classified")),
            digests: path(try table.string("digests", default: "../digests")),
            state: path(try table.string("state", default: "../state")),
            classifier: path(try table.string("classifier", default: "classifier"))
        )
    }

    private func readFetch() throws(TOMLError) -> Configuration.Fetch {
        let table = try root.table("fetch") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "fetch")
        try table.rejectUnknownKeys(allowed: [
            "contact", "timeout_seconds", "connect_timeout_seconds", "max_bytes", "max_connections",
            "max_connections_per_host", "min_interval_minutes", "max_interval_minutes", "host_spacing_seconds", "proxy",
            "ca_file",
        ])
        let contact = try table.string("contact")
        if let contact, !(contact.hasPrefix("http://") || contact.hasPrefix("https://") || contact.hasPrefix("mailto:")) {
            throw table.error("contact", "expected an http(s) or mailto: URL where this instance's operators can be reached")
        }
        let minimum = try table.int("min_interval_minutes", default: 15, range: 1...1440)
        let maximum = try table.int("max_interval_minutes", default: 360, range: 1...10080)
        guard maximum >= minimum else {
            throw table.error("max_interval_minutes", "must not be below min_interval_minutes (\(minimum))")
        }
        return Configuration.Fetch(
            contact: contact,
            timeoutSeconds: try table.int("timeout_seconds", default: 30, range: 1...600),
            connectTimeoutSeconds: try table.int("connect_timeout_seconds", default: 10, range: 1...120),
            maxBytes: try table.int("max_bytes", default: 15 * 1024 * 1024, range: 1024...(1 << 30)),
            maxConnections: try table.int("max_connections", default: 16, range: 1...256),
            maxConnectionsPerHost: try table.int("max_connections_per_host", default: 2, range: 1...16),
            minIntervalMinutes: minimum,
            maxIntervalMinutes: maximum,
            hostSpacingSeconds: try table.double("host_spacing_seconds", default: 1, range: 0...600),
            proxy: try table.string("proxy"),
            caFile: try table.string("ca_file").map(path)
        )
    }

    private func readWorkers() throws(TOMLError) -> Int {
        let value = try root.int("workers", default: 0, range: 0...256)
        return value == 0 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : value
    }

    private func readTimeZone() throws(TOMLError) -> TimeZone {
        let table = try root.table("digest") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "digest")
        try table.rejectUnknownKeys(allowed: ["time_zone", "grace_hours", "title", "base_url"])
        let name = try table.string("time_zone", default: "Asia/Seoul")
        guard let zone = TimeZone(identifier: name) else {
            throw table.error("time_zone", "unknown time zone '\(name)' (expected an IANA name such as Asia/Seoul or UTC)")
        }
        return zone
    }

    private func readFocus() throws(TOMLError) -> [String] {
        let table = try root.table("classifier") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "classifier")
        try table.rejectUnknownKeys(allowed: ["focus"])
        let focus = try table.strings("focus") ?? ["KP"]
        for code in focus where code.isEmpty || code != code.uppercased() || code.count > 8 {
            throw table.error("focus", "'\(code)' is not a country or organisation code (expected upper case, like KP or UN)")
        }
        return focus
    }

    private func readLogLevel() throws(TOMLError) -> String {
        let table = try root.table("log") ?? TOMLReader(TOMLTable(line: 0), file: file, path: "log")
        try table.rejectUnknownKeys(allowed: ["level"])
        let level = try table.string("level", default: "info")
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(level) else {
            throw table.error("level", "unknown log level '\(level)' (expected one of: \(levels.joined(separator: ", ")))")
        }
        return level
    }

    private func readFeeds() throws(TOMLError) -> [FeedSource] {
        var feeds: [FeedSource] = []
        var seen: Set<String> = []
        for table in try root.tables("feed") {
            try table.rejectUnknownKeys(allowed: ["name", "url", "title", "headers"])
            let name = try table.requiredString("name")
            guard FeedSource.isValidName(name) else {
                throw table.error("name", "'\(name)' is not a valid feed name (expected letters, digits, '-' or '_')")
            }
            guard seen.insert(name).inserted else {
                throw table.error("name", "the feed name '\(name)' is used twice")
            }
            let url = try resolveURL(try table.requiredString("url"), in: table)
            var headers: [(name: String, value: String)] = []
            if let headerTable = try table.table("headers") {
                for key in headerTable.table.keys {
                    headers.append((key, try headerTable.requiredString(key)))
                }
            }
            feeds.append(FeedSource(name: name, url: url, title: try table.string("title"), headers: headers))
        }
        return feeds
    }

    /// Accepts `http(s)://` and `file:` URLs; a `file:` URL without `//` is a path relative to the
    /// configuration's folder (`file:demo/feed.xml`).
    private func resolveURL(_ url: String, in table: TOMLReader) throws(TOMLError) -> String {
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            guard URL(string: url)?.host != nil else { throw table.error("url", "'\(url)' is not a valid URL") }
            return url
        }
        if url.hasPrefix("file://") { return url }
        if url.hasPrefix("file:") { return "file://" + path(String(url.dropFirst(5))) }
        throw table.error("url", "'\(url)' is not a feed URL (expected http://, https:// or file:)")
    }
}

extension FeedSource {
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }
    }
}
