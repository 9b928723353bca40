extension Configuration {
    /// Where the queue, the classified items and the feed state live (the `[queue]` table): in
    /// the state folder's files by default, or on a PostgreSQL server shared by several daemons.
    public struct Queue: Sendable, Equatable {
        public enum Store: Sendable, Equatable {
            /// The file inbox under `[paths]`: nothing to install, one host.
            case files
            /// A PostgreSQL server, by its connection URL (libpq's `postgresql://` form).
            case postgresql(url: String)
        }

        public var store: Store
        /// How long a claimed item may stay unfinished before another daemon may take it
        /// (PostgreSQL only: the file inbox knows at once when a holder dies).
        public var leaseSeconds: Int

        public init(store: Store = .files, leaseSeconds: Int = 120) {
            self.store = store
            self.leaseSeconds = leaseSeconds
        }

        /// The URL with any password hidden, for check-config and logs.
        public var summary: String {
            switch store {
            case .files: return "files"
            case .postgresql(let url): return "postgresql (\(Self.hidePassword(url)))"
            }
        }

        static func hidePassword(_ url: String) -> String {
            guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
                return url
            }
            let credentials = url[scheme.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + ":***" + String(url[at...])
        }
    }
}
