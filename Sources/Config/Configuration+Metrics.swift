extension Configuration {
    /// Where the daemon publishes its metrics (the `[metrics]` table); everything off by default.
    public struct Metrics: Sendable, Equatable {
        /// The address of the HTTP endpoint serving `GET /metrics`; nil for no endpoint.
        public var listen: ListenAddress?
        /// A file rewritten for node-exporter's textfile collector (absolute, ending in `.prom`);
        /// nil for none.
        public var textfile: String?
        /// How often the textfile is rewritten.
        public var intervalSeconds: Int

        public init(listen: ListenAddress? = nil, textfile: String? = nil, intervalSeconds: Int = 15) {
            self.listen = listen
            self.textfile = textfile
            self.intervalSeconds = intervalSeconds
        }

        /// Whether the configuration asks for metrics at all.
        public var isEnabled: Bool { listen != nil || textfile != nil }
    }
}
