/// Which key an item's identity was derived from, in order of preference.
///
/// The rule is part of the hashed input, so an item whose feed later adds a guid gets a new id; that is the price
/// of never merging two different items that happened to share, say, a title.
public enum ItemIDRule: String, Sendable, Codable {
    /// The RSS `guid`, Atom `id` or JSON Feed `id`.
    case guid
    /// The item's absolute, cleaned link.
    case link
    /// The link plus the published date; used when several guid-less items of one document share a link.
    case linkAndDate = "link+date"
    /// The plain-text title and summary; the last resort for items with neither guid nor link.
    case titleAndContent = "title+content"
}
