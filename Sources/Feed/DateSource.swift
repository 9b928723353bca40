/// Why an item's `published` date has its value: claimed by the feed, or filled in by the caller with the time the
/// item was first seen because the feed gave no usable date.
public enum DateSource: String, Sendable, Codable {
    case feed
    case firstSeen = "first-seen"
}
