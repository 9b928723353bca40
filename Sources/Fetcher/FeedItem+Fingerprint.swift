import Feed

extension FeedItem {
    /// What a reader would notice changing: the title, the summary and the link. Dates are left out,
    /// since some feeds touch `updated` on every build without changing a word.
    public var contentFingerprint: String {
        String(SHA256.hex("\(title ?? "")\n\(summary ?? "")\n\(link ?? "")").prefix(16))
    }
}
