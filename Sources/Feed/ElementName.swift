internal import CLibXML2

/// The local element names the feed builder acts on, classified from libxml2's NUL-terminated UTF-8 bytes so that
/// no `String` is created per element.
enum LocalName: UInt8 {
    case other
    case rss, rdf, feed, channel, item, entry
    case title, link, guid, id, description, summary, content, encoded
    case pubDate, published, issued, created, updated, modified, date
    case author, creator, name, email, category, subject, language, ttl

    init(_ p: UnsafePointer<xmlChar>) {
        let first = Int(p[0])
        guard first < Self.byFirstByte.count else {
            self = .other
            return
        }
        for (spelling, name) in Self.byFirstByte[first] where bytesEqual(p, spelling) {
            self = name
            return
        }
        self = .other
    }

    private static let spellings: [(StaticString, LocalName)] = [
        ("rss", .rss), ("RDF", .rdf), ("feed", .feed), ("channel", .channel), ("item", .item), ("entry", .entry),
        ("title", .title), ("link", .link), ("guid", .guid), ("id", .id), ("description", .description),
        ("summary", .summary), ("content", .content), ("encoded", .encoded), ("pubDate", .pubDate),
        ("published", .published), ("issued", .issued), ("created", .created), ("updated", .updated),
        ("modified", .modified), ("date", .date), ("author", .author), ("creator", .creator), ("name", .name),
        ("email", .email), ("category", .category), ("subject", .subject), ("language", .language), ("ttl", .ttl),
    ]

    /// The spellings grouped by their first byte, so a lookup compares against two or three names at most.
    private static let byFirstByte: [[(StaticString, LocalName)]] = {
        var table = [[(StaticString, LocalName)]](repeating: [], count: 128)
        for entry in spellings { table[Int(entry.0.utf8Start[0])].append(entry) }
        return table
    }()
}

/// The XML namespaces feeds use, classified from the namespace URI.
enum Namespace: UInt8 {
    case none, rss, rss090, atom, atom03, dc, dcterms, content, media, rdf, xml, other

    init(_ uri: UnsafePointer<xmlChar>?) {
        guard let uri else {
            self = .none
            return
        }
        for (spelling, namespace) in Self.uris where bytesEqual(uri, spelling) {
            self = namespace
            return
        }
        self = .other
    }

    private static let uris: [(StaticString, Namespace)] = [
        ("http://www.w3.org/2005/Atom", .atom),
        ("http://purl.org/dc/elements/1.1/", .dc),
        ("http://purl.org/rss/1.0/modules/content/", .content),
        ("http://purl.org/rss/1.0/", .rss),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", .rdf),
        ("http://purl.org/dc/terms/", .dcterms),
        ("http://purl.org/atom/ns#", .atom03),
        ("http://my.netscape.com/rdf/simple/0.9/", .rss090),
        ("http://www.w3.org/XML/1998/namespace", .xml),
        ("http://search.yahoo.com/mrss/", .media),
        ("http://search.yahoo.com/mrss", .media),
        ("http://purl.org/dc/elements/1.0/", .dc),
        ("http://backend.userland.com/rss2", .rss),
        ("http://blogs.law.harvard.edu/tech/rss", .rss),
    ]
}

/// Remembers the classification of the namespace URIs seen so far, keyed by pointer: libxml2 interns namespace
/// names in the parser's dictionary, so one URI keeps one address for the life of the parser context.
struct NamespaceCache {
    private var entries: [(pointer: UnsafePointer<xmlChar>, namespace: Namespace)] = []

    mutating func namespace(_ uri: UnsafePointer<xmlChar>?) -> Namespace {
        guard let uri else { return .none }
        for entry in entries where entry.pointer == uri { return entry.namespace }
        let namespace = Namespace(uri)
        if entries.count < 16 { entries.append((uri, namespace)) }
        return namespace
    }
}

/// Whether the NUL-terminated `p` spells exactly `s`. A shorter `p` stops at its NUL, which never matches a
/// character of `s`, so nothing is read past its end.
@inline(__always)
func bytesEqual(_ p: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
    let expected = s.utf8Start
    for index in 0..<s.utf8CodeUnitCount where p[index] != expected[index] { return false }
    return p[s.utf8CodeUnitCount] == 0
}

/// A copy of a namespace URI, kept to recognise a root element's unknown default namespace on its children (some
/// old Atom drafts used namespaces of their own).
struct NamespaceURI {
    private let bytes: [UInt8]

    init(_ uri: UnsafePointer<xmlChar>) {
        var length = 0
        while uri[length] != 0 { length += 1 }
        bytes = Array(UnsafeBufferPointer(start: uri, count: length))
    }

    func matches(_ uri: UnsafePointer<xmlChar>) -> Bool {
        for index in bytes.indices where uri[index] != bytes[index] { return false }
        return uri[bytes.count] == 0
    }
}
