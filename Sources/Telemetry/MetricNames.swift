/// Every metric brinkwatch exports, with its label names and the label values it can take.
///
/// Names follow Prometheus' conventions: the `brinkwatch_` prefix, the unit in the name
/// (`_seconds`, `_bytes`) and `_total` on counters. Keeping them here, in one place, lets the
/// README, the dashboards and the tests agree with the code that records them.
public struct MetricNames: Sendable {
    /// What every name starts with.
    public static let prefix = "brinkwatch_"

    /// Counter of feed fetches, by ``Label/outcome`` (one of ``fetchOutcomes``).
    public static let fetches = "brinkwatch_fetches_total"
    /// Counter of response body bytes as transferred (before decompression).
    public static let fetchBytes = "brinkwatch_fetch_bytes_total"
    /// Histogram of the time one fetch's HTTP transfer took, redirects included.
    public static let fetchDuration = "brinkwatch_fetch_duration_seconds"
    /// Counter of items written to the inbox (new items and revisions of known ones).
    public static let itemsEnqueued = "brinkwatch_items_enqueued_total"
    /// Counter of items classified and stored, by ``Label/label`` (one of ``classificationLabels``);
    /// an item with both labels counts under each.
    public static let itemsClassified = "brinkwatch_items_classified_total"
    /// Counter of digest rebuilds, by ``Label/result`` (one of ``digestResults``).
    public static let digestWrites = "brinkwatch_digest_writes_total"
    /// Gauge of the configured feeds, by ``Label/state`` (one of ``feedStates``), sampled from the
    /// feed state files before each export.
    public static let feeds = "brinkwatch_feeds"
    /// Gauge of the items in each inbox folder, by ``Label/folder`` (one of ``inboxFolders``),
    /// sampled before each export.
    public static let inboxItems = "brinkwatch_inbox_items"
    /// Gauge fixed at 1, with the running version as a label.
    public static let buildInfo = "brinkwatch_build_info"

    /// Label names.
    public enum Label {
        public static let outcome = "outcome"
        public static let label = "label"
        public static let result = "result"
        public static let state = "state"
        public static let folder = "folder"
        public static let version = "version"
    }

    /// How a fetch ended: a new body, an unchanged one (304 or the same bytes), asked to wait
    /// (429, 503), gone (410), or failed (network, HTTP error, unusable feed).
    public static let fetchOutcomes = ["fresh", "unchanged", "rate_limited", "gone", "failed"]
    /// The classifier's labels, and `none` for an item with neither.
    public static let classificationLabels = ["provocation", "diplomatic", "none"]
    /// Whether a digest rebuild was written or failed (and will be tried again).
    public static let digestResults = ["written", "failed"]
    /// The states `brinkwatch status` shows, in label form.
    public static let feedStates = ["new", "healthy", "backing_off", "rate_limited", "dormant"]
    /// The inbox's folders: staged, ready, claimed and dead items.
    public static let inboxFolders = ["tmp", "new", "cur", "dead"]

    /// The histogram buckets of ``fetchDuration``, up to the longest fetch timeout worth waiting for.
    public static let fetchDurationBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]
}
