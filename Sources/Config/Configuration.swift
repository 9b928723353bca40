import Foundation

/// Everything brinkwatch reads from its configuration file, validated and with every relative
/// path already resolved against the file's own folder (so the same file works from any working
/// directory).
///
/// Every field has a default except the feed list; `config/brinkwatch.toml` documents each key.
public struct Configuration: Sendable {
    /// Where the daemon keeps its files.
    public struct Paths: Sendable, Equatable {
        /// The queue between the fetcher and the workers (`tmp/`, `new/`, `cur/`, `dead/`).
        public var inbox: String
        /// One JSON file per classified item, in a folder per digest day.
        public var classified: String
        /// The digests: `YYYY-MM-DD.md`, `YYYY-MM-DD.json`, `latest.md`.
        public var digests: String
        /// Per-feed state: validators, schedule, the ids already seen.
        public var state: String
        /// The classifier's knowledge: lexicons, patterns, gazetteer.
        public var classifier: String
    }

    /// How feeds are fetched.
    public struct Fetch: Sendable, Equatable {
        /// A URL where the operators of this instance can be reached; sent in the User-Agent.
        public var contact: String?
        public var timeoutSeconds: Int
        public var connectTimeoutSeconds: Int
        /// The largest body accepted, counted after decompression.
        public var maxBytes: Int
        public var maxConnections: Int
        public var maxConnectionsPerHost: Int
        /// The shortest and longest interval between two checks of a feed; in between, the
        /// interval follows the feed's activity and the server's freshness hints.
        public var minIntervalMinutes: Int
        public var maxIntervalMinutes: Int
        /// The pause between two requests to the same host.
        public var hostSpacingSeconds: Double
        /// An HTTP(S) proxy URL; when absent the fetcher applies `https_proxy`, `http_proxy`,
        /// `all_proxy` and `no_proxy` from the environment.
        public var proxy: String?
        /// A CA bundle to trust instead of the system's.
        public var caFile: String?

        /// The settings of a configuration without a `[fetch]` table, unless given.
        public init(
            contact: String? = nil, timeoutSeconds: Int = 30, connectTimeoutSeconds: Int = 10,
            maxBytes: Int = 15 * 1024 * 1024, maxConnections: Int = 16, maxConnectionsPerHost: Int = 2,
            minIntervalMinutes: Int = 15, maxIntervalMinutes: Int = 360, hostSpacingSeconds: Double = 1,
            proxy: String? = nil, caFile: String? = nil
        ) {
            self.contact = contact
            self.timeoutSeconds = timeoutSeconds
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.maxBytes = maxBytes
            self.maxConnections = maxConnections
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.minIntervalMinutes = minIntervalMinutes
            self.maxIntervalMinutes = max(minIntervalMinutes, maxIntervalMinutes)
            self.hostSpacingSeconds = hostSpacingSeconds
            self.proxy = proxy
            self.caFile = caFile
        }
    }

    /// The file this configuration came from (absolute).
    public var file: String
    public var paths: Paths
    public var fetch: Fetch
    /// Worker count; never below 1.
    public var workers: Int
    /// The digest day runs from midnight to midnight in this zone.
    public var timeZone: TimeZone
    /// Countries or organisations (ISO or organisation codes) whose items the digest highlights.
    public var focus: [String]
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel: String
    public var feeds: [FeedSource]
    /// Days a classified item (with its day's feed health) and a dead letter are kept before
    /// `brinkwatch inbox purge` removes them; 0 keeps everything.
    public var retentionDays: Int = 0
    /// How the digests are published.
    public var digest = DigestOptions()

    /// The `[digest]` table, apart from the time zone.
    public struct DigestOptions: Sendable, Equatable {
        /// Hours after a day's end during which late items still join that day's digest; after
        /// that the digest is final and never changes, and later items join the open day.
        public var graceHours: Int
        /// The title of the digest feed (`digest.atom`) and its entries.
        public var title: String
        /// Where the digests folder is published on the web, if it is; gives the feed its links.
        public var baseURL: String?
        /// Days a digest is kept; 0 keeps every digest.
        public var retentionDays: Int

        public init(graceHours: Int = 6, title: String = "brinkwatch digest", baseURL: String? = nil,
                    retentionDays: Int = 0) {
            self.graceHours = graceHours
            self.title = title
            self.baseURL = baseURL
            self.retentionDays = retentionDays
        }
    }

    /// The metrics endpoint and textfile (`[metrics]`); off unless asked for.
    public var metrics = Metrics()
    /// Where the queue lives (`[queue]`): files unless a PostgreSQL server is named.
    public var queue = Queue()
}
