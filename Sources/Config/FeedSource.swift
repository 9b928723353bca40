/// One feed the daemon watches, as the configuration names it.
public struct FeedSource: Sendable, Equatable {
    /// A short unique name (ASCII letters, digits, `-`, `_`): the feed's identity in item ids,
    /// state and digests, so renaming a feed makes its items new.
    public var name: String
    /// An absolute `http`, `https` or `file` URL (a relative `file:` path in the file is resolved
    /// against the configuration's folder when loaded).
    public var url: String
    /// A human title for digests; defaults to the name.
    public var title: String
    /// Extra request headers for this feed only, in file order.
    public var headers: [(name: String, value: String)]

    public init(name: String, url: String, title: String? = nil, headers: [(name: String, value: String)] = []) {
        self.name = name
        self.url = url
        self.title = title ?? name
        self.headers = headers
    }

    /// Whether the feed is read from the local file system rather than over the network.
    public var isFile: Bool { url.hasPrefix("file:") }

    public static func == (lhs: FeedSource, rhs: FeedSource) -> Bool {
        lhs.name == rhs.name && lhs.url == rhs.url && lhs.title == rhs.title
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }
}
