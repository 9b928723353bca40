import Durable
import Foundation

/// The Atom feed of the final digests (`digest.atom`, the newest ``entryLimit`` days), so that
/// any feed reader can subscribe to brinkwatch itself.
///
/// Only final digests are entries: a provisional one is rewritten all day, and a reader would
/// show it as changed every few seconds. An entry's times are the moment its day closed, so the
/// feed is a function of the digests and rebuilds to the same bytes.
///
/// Identifiers are permanent, as Atom asks: the feed's is a random UUID made once and kept
/// beside the digests (`.feed-id`), each entry's a UUID derived from it and the day. Moving the
/// folder or setting `base_url` later changes no identifier, so readers never see a day twice.
public struct DigestFeed: Sendable {
    public static let fileName = "digest.atom"
    public static let entryLimit = 30
    static let idFile = ".feed-id"

    public var title: String
    /// Where the digests folder is served, for links; nil when it is not.
    public var baseURL: String?
    public var calendar: DigestCalendar

    public init(title: String, baseURL: String?, calendar: DigestCalendar) {
        self.title = title
        self.baseURL = baseURL
        self.calendar = calendar
    }

    /// Rewrites `digest.atom` in `folder` from the final digests there.
    public func refresh(in folder: Directory) throws(FileError) {
        let (id, created) = try feedID(in: folder)
        let days = ((try? folder.names()) ?? []).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.filter(DigestDay.isValid).sorted(by: >)
        var digests: [Digest] = []
        for day in days where digests.count < Self.entryLimit {
            guard let bytes = try? folder.read(day + ".json"),
                let digest = try? DigestWriter.decoder.decode(Digest.self, from: Data(bytes)), digest.final
            else { continue }
            digests.append(digest)
        }
        let xml = render(digests, feedID: id, emptyUpdated: created)
        try DurableFile.replace(Self.fileName, in: folder, with: Array(xml.utf8))
    }

    /// The feed for `digests` (newest first). `emptyUpdated` dates a feed with no entry yet.
    func render(_ digests: [Digest], feedID: String, emptyUpdated: Date) -> String {
        let updated = digests.first.flatMap { calendar.closing(of: $0.date) } ?? emptyUpdated
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <id>urn:uuid:\(feedID)</id>\n"
        out += "  <title>\(XMLText.escape(title))</title>\n"
        out += "  <subtitle>Provocations and diplomatic actions, one entry per day "
            + "(\(XMLText.escape(calendar.timeZone.identifier)))</subtitle>\n"
        out += "  <updated>\(Self.timestamp(updated))</updated>\n"
        out += "  <author><name>brinkwatch</name></author>\n"
        out += "  <generator>brinkwatch</generator>\n"
        if let baseURL {
            out += "  <link rel=\"self\" type=\"application/atom+xml\" "
                + "href=\"\(XMLText.escape(baseURL))/\(Self.fileName)\"/>\n"
        }
        let html = HTMLRenderer(timeZone: calendar.timeZone)
        for digest in digests {
            let closed = Self.timestamp(calendar.closing(of: digest.date) ?? updated)
            out += "  <entry>\n"
            out += "    <id>urn:uuid:\(Self.entryID(feedID: feedID, day: digest.date))</id>\n"
            out += "    <title>\(XMLText.escape("\(title) for \(digest.date)"))</title>\n"
            out += "    <published>\(closed)</published>\n    <updated>\(closed)</updated>\n"
            if let baseURL {
                // No type: readers take an untyped alternate link as the page to open.
                out += "    <link rel=\"alternate\" href=\"\(XMLText.escape(baseURL))/\(digest.date).md\"/>\n"
                out += "    <link rel=\"related\" type=\"application/json\" "
                    + "href=\"\(XMLText.escape(baseURL))/\(digest.date).json\"/>\n"
            }
            out += "    <summary>\(XMLText.escape(HTMLRenderer.headline(digest)))</summary>\n"
            out += "    <content type=\"html\">\(XMLText.escape(html.render(digest)))</content>\n"
            out += "  </entry>\n"
        }
        return out + "</feed>\n"
    }

    /// The feed's UUID and when it was made, creating it on first use.
    private func feedID(in folder: Directory) throws(FileError) -> (String, Date) {
        if let bytes = try? folder.read(Self.idFile), let text = String(bytes: bytes, encoding: .utf8),
            let uuid = UUID(uuidString: text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            let made = folder.modificationTime(Self.idFile).map { Date(timeIntervalSince1970: $0.rounded(.down)) }
            return (uuid.uuidString.lowercased(), made ?? Date(timeIntervalSince1970: 0))
        }
        let uuid = UUID().uuidString.lowercased()
        try DurableFile.create(Self.idFile, in: folder, with: Array((uuid + "\n").utf8))
        return try feedID(in: folder)
    }

    /// A name-based UUID (version 8, RFC 9562) for one day of the feed: two FNV-1a hashes of
    /// the feed's UUID and the day make its 122 free bits.
    static func entryID(feedID: String, day: String) -> String {
        let bytes = Array((feedID + "/" + day).utf8)
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
        var high = fnv(0xcbf2_9ce4_8422_2325)
        var low = fnv(0x8422_2325_cbf2_9ce4 ^ high)
        high = (high & ~0xf000) | 0x8000  // version 8
        low = (low & ~(0b11 << 62)) | (0b10 << 62)  // RFC variant
        let hex = String(format: "%016llx%016llx", high, low)
        let digits = Array(hex)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }
        return parts.joined(separator: "-")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
