import Classifier
import Feed
import Foundation

/// One day's digest: what was done and said, grouped into stories.
///
/// This is the content of the JSON digest, encoded with sorted keys and ISO 8601 dates, and what
/// the Markdown one is rendered from.
public struct Digest: Codable, Sendable, Equatable {
    /// The version of the JSON layout, for scripts that read it (`docs/digest.schema.json`).
    /// 2 added ``final`` and ``Story/firstReported``.
    public static let schemaVersion = 2

    public var version: Int
    /// The day, `YYYY-MM-DD`, in ``timeZone``.
    public var date: String
    /// The IANA name of the zone the day is measured in.
    public var timeZone: String
    /// Whether the day is over, with its grace period: a final digest never changes again.
    public var final: Bool
    /// Items classified for this day, labelled or not.
    public var itemCount: Int
    /// Stories (events, not reports) per label.
    public var counts: Counts
    public var provocations: [Story]
    public var diplomatic: [Story]
    /// Items with no label that mention a focus actor.
    public var focusOther: [Entry]
    public var feeds: [FeedHealth]

    public struct Counts: Codable, Sendable, Equatable {
        public var provocations: Int
        public var diplomatic: Int
        /// Items with no label.
        public var other: Int

        public init(provocations: Int, diplomatic: Int, other: Int) {
            self.provocations = provocations
            self.diplomatic = diplomatic
            self.other = other
        }
    }

    /// One event, with every report of it.
    public struct Story: Codable, Sendable, Equatable {
        public var label: Label
        /// The main event type; ``types`` lists all of them.
        public var type: EventType
        public var types: [EventType]
        public var actors: [String]
        /// 1 to 5, for provocations.
        public var severity: Int?
        /// Whether a focus actor is involved.
        public var focus: Bool
        /// The earliest report's time.
        public var time: Date
        public var timeSource: DateSource
        /// The title chosen to stand for the story.
        public var title: String?
        /// The earlier day whose digest already told this event, when this is a follow-up.
        public var firstReported: String?
        public var sources: [Entry]
        /// The words that decided the label, from every report.
        public var evidence: [Evidence]
    }

    /// One report: an item of one feed.
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var feed: String
        public var feedTitle: String
        public var title: String?
        public var link: String?
        public var time: Date
        public var timeSource: DateSource
    }

    /// How a feed did on this day.
    public struct FeedHealth: Codable, Sendable, Equatable {
        public var name: String
        public var title: String
        /// Items of this feed in this digest.
        public var items: Int
        /// The last fetch error, when the feed is failing.
        public var lastError: String?
        /// The error of a failure earlier that day, when the feed has recovered since.
        public var earlierError: String?

        public init(name: String, title: String, items: Int = 0, lastError: String? = nil, earlierError: String? = nil) {
            self.name = name
            self.title = title
            self.items = items
            self.lastError = lastError
            self.earlierError = lastError == nil ? earlierError : nil
        }

        /// `failing`, `recovered` (failed earlier that day), `quiet` (no items) or `ok`.
        public var status: String {
            lastError != nil ? "failing" : earlierError != nil ? "recovered" : items == 0 ? "quiet" : "ok"
        }
    }
}
