import Feed

extension FeedItem {
    /// What a reader would notice changing: the title, the summary and where the link leads.
    /// Dates are left out, since some feeds touch `updated` on every build without changing a
    /// word; so are the parts of the link that lead to the same page (``fingerprintLink``), since
    /// a site moving to https would otherwise bring back every item it lists as an edit.
    public var contentFingerprint: String {
        String(SHA256.hex("\(title ?? "")\n\(summary ?? "")\n\(fingerprintLink ?? "")").prefix(16))
    }

    /// The fingerprint of releases before ``contentFingerprint`` left the scheme and such out of
    /// the link. Feed states still hold it until each item's next new body, so an item whose stored
    /// fingerprint is this one is unchanged too: the upgrade itself brings nothing back.
    public var earlierContentFingerprint: String {
        String(SHA256.hex("\(title ?? "")\n\(summary ?? "")\n\(link ?? "")").prefix(16))
    }

    /// Whether the item, whose ``contentFingerprint`` is `fingerprint`, differs from the one
    /// whose fingerprint was `known`.
    public func changed(since known: String, fingerprint: String) -> Bool {
        known != fingerprint && known != earlierContentFingerprint
    }

    /// The link without what does not change the page it leads to: the scheme (`http` and
    /// `https`), the case of the host, a leading `www.`, the scheme's default port and the
    /// fragment. Tracking parameters are already gone (the parser drops them).
    var fingerprintLink: String? {
        guard let link else { return nil }
        var bytes = Array(link.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { bytes.removeSubrange(hash...) }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
            bytes[(colon + 1)...].starts(with: "//".utf8)
        else { return String(decoding: bytes, as: UTF8.self) }
        let scheme = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        let hostStart = colon + 3
        let hostEnd = bytes[hostStart...].firstIndex {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?")
        } ?? bytes.endIndex
        var host = String(decoding: bytes[hostStart..<hostEnd], as: UTF8.self).lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        return "//" + host + String(decoding: bytes[hostEnd...], as: UTF8.self)
    }
}
