#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Makes item links absolute and drops the tracking parameters that would otherwise make one story look like many.
///
/// Only `http` and `https` results are kept: a `javascript:` or `file:` link in a feed is never something a digest
/// should point at.
enum LinkResolver {
    /// `raw` resolved against `base` (an `xml:base` or the document URL), cleaned; nil when empty or unusable.
    static func resolve(_ raw: String, against base: String?) -> String? {
        let trimmed = PlainText.trimmed(raw)
        guard !trimmed.isEmpty else { return nil }
        if isPlainAbsoluteHTTP(trimmed) { return dropTrackingParameters(trimmed) }   // the common case, no URL parse
        if let base, let origin = origin(of: base), isPlainRootRelative(trimmed) {
            return dropTrackingParameters(origin + trimmed)                      // the next most common, "/path"
        }
        let absolute: String
        if let base, let baseURL = URL(string: base), let url = URL(string: trimmed, relativeTo: baseURL) {
            absolute = url.absoluteString
        } else if let url = URL(string: trimmed), url.scheme != nil {
            absolute = url.absoluteString
        } else {
            return nil
        }
        guard let colon = absolute.firstIndex(of: ":") else { return nil }
        let scheme = absolute[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        return dropTrackingParameters(absolute)
    }

    /// `https://host:port` of a plain absolute http(s) URL, nil for anything else.
    private static func origin(of base: String) -> String? {
        guard isPlainAbsoluteHTTP(base) else { return nil }
        let bytes = base.utf8
        guard let schemeEnd = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let authorityStart = bytes.index(schemeEnd, offsetBy: 3)
        let end = bytes[authorityStart...].firstIndex {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
        }
        return String(base[..<(end ?? bytes.endIndex)])
    }

    /// Whether `path` is a root-relative reference ("/world/story?id=7") that `URL` would append to the origin
    /// unchanged: printable ASCII that needs no escaping, no "//" authority, no "." or ".." segment to remove.
    private static func isPlainRootRelative(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count == 1 || bytes[1] != UInt8(ascii: "/") else { return false }
        let pathEnd = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        var segmentStart = 1
        for index in 0...pathEnd {
            if index == pathEnd || bytes[index] == UInt8(ascii: "/") {
                if index > 0 {
                    let segment = bytes[segmentStart..<index]
                    if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) { return false }
                }
                segmentStart = index + 1
            }
        }
        return bytes.withUnsafeBufferPointer(allPlainURLBytes)
    }

    /// Printable ASCII that `URL` leaves as it is: 0x21-0x7E except `"<>\\^`{|}[]`.
    private static func isPlainURLByte(_ byte: UInt8) -> Bool {
        isPlain(byte, below64: plainBelow64, from64: plainFrom64)
    }

    /// Whether every byte is ``isPlainURLByte(_:)``; every link of every item passes here, so the test is a bit
    /// looked up in two masks held in registers rather than eleven comparisons.
    private static func allPlainURLBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let below64 = plainBelow64
        let from64 = plainFrom64
        return bytes.allSatisfy { isPlain($0, below64: below64, from64: from64) }
    }

    @inline(__always)
    private static func isPlain(_ byte: UInt8, below64: UInt64, from64: UInt64) -> Bool {
        byte < 0x40 ? (below64 >> UInt64(byte)) & 1 == 1 : byte < 0x80 && (from64 >> UInt64(byte - 0x40)) & 1 == 1
    }

    private static let plainBelow64: UInt64 = plainMask(0x00..<0x40)
    private static let plainFrom64: UInt64 = plainMask(0x40..<0x80)

    private static func plainMask(_ range: Range<UInt8>) -> UInt64 {
        let excluded = Array("\"<>\\^`{|}[]".utf8)
        var mask: UInt64 = 0
        for byte in range where byte > 0x20 && byte < 0x7F && !excluded.contains(byte) {
            mask |= 1 << UInt64(byte - range.lowerBound)
        }
        return mask
    }

    /// Whether `url` starts with `http://` or `https://` and holds only printable ASCII without spaces, so that
    /// `URL` parsing would return it unchanged.
    private static func isPlainAbsoluteHTTP(_ url: String) -> Bool {
        // Over the contiguous bytes when there are (a native string): the generic walk over
        // `utf8` was a few per cent of all parsing.
        hasHTTPScheme(url.utf8)
            && (url.utf8.withContiguousStorageIfAvailable(allPlainURLBytes) ?? url.utf8.allSatisfy(isPlainURLByte))
    }

    /// Whether `text` starts with a URI scheme (`tag:`, `urn:`, `mailto:`...): letters, digits, `+`, `-` or `.`
    /// up to a colon, starting with a letter.
    static func hasScheme(_ text: String) -> Bool {
        var first = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"): return !first
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if first { return false }
            default: return false
            }
            first = false
        }
        return false
    }

    /// Whether `bytes` start with `http://` or `https://`, in any case, without allocating.
    static func hasHTTPScheme(_ bytes: String.UTF8View) -> Bool {
        var index = bytes.startIndex
        for expected in "http".utf8 {
            guard index != bytes.endIndex, bytes[index] | 0x20 == expected else { return false }
            index = bytes.index(after: index)
        }
        if index != bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "s") { index = bytes.index(after: index) }
        for expected in "://".utf8 {
            guard index != bytes.endIndex, bytes[index] == expected else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// An identifier (RSS permalink `guid`, Atom `id`) used as a link: only when it is an absolute http(s) URL,
    /// since a relative or `tag:`/`urn:` identifier names the item without locating it.
    static func resolveIdentifier(_ raw: String, against base: String? = nil) -> String? {
        let trimmed = PlainText.trimmed(raw)
        guard hasHTTPScheme(trimmed.utf8) else { return nil }
        return resolve(trimmed, against: base)
    }

    /// Resolves a base URI (from `xml:base`) against its parent base; keeps the parent when the result is unusable.
    static func resolveBase(_ raw: String, against parent: String?) -> String? {
        let trimmed = PlainText.trimmed(raw)
        guard let parent, let parentURL = URL(string: parent) else {
            return URL(string: trimmed)?.scheme != nil ? trimmed : parent
        }
        return URL(string: trimmed, relativeTo: parentURL)?.absoluteString ?? parent
    }

    /// Removes `utm_*` and the click identifiers of the big ad networks from the query; keeps order and fragment.
    /// Works on the UTF-8 bytes and returns `url` itself when nothing is dropped, which is the common case.
    static func dropTrackingParameters(_ url: String) -> String {
        var url = url
        return url.withUTF8 { bytes -> String? in
            guard let questionMark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
            let fragmentStart = bytes[questionMark...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
            // Calls `body` with each non-empty parameter of the query and whether it is tracking.
            func eachParameter(_ body: (Range<Int>, Bool) -> Void) {
                var start = questionMark + 1
                while start <= fragmentStart {
                    let end = bytes[start..<fragmentStart].firstIndex(of: UInt8(ascii: "&")) ?? fragmentStart
                    if end > start { body(start..<end, isTracking(UnsafeBufferPointer(rebasing: bytes[start..<end]))) }
                    start = end + 1
                }
            }
            var dropped = 0
            eachParameter { range, tracking in if tracking { dropped += range.count + 1 } }
            guard dropped > 0 else { return nil }
            // Written straight into the new string, which is never longer than the URL.
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                func copy(_ range: Range<Int>) {
                    for index in range { out[count] = bytes[index]; count += 1 }
                }
                copy(0..<questionMark)
                var first = true
                eachParameter { range, tracking in
                    guard !tracking else { return }
                    out[count] = first ? UInt8(ascii: "?") : UInt8(ascii: "&")
                    count += 1
                    first = false
                    copy(range)
                }
                copy(fragmentStart..<bytes.count)
                return count
            }
        } ?? url
    }

    /// Whether a `name=value` parameter is `utm_*` or one of the ad networks' click identifiers (any case).
    private static func isTracking(_ parameter: UnsafeBufferPointer<UInt8>) -> Bool {
        let nameLength = parameter.firstIndex(of: UInt8(ascii: "=")) ?? parameter.count
        func matches(_ name: StaticString) -> Bool {
            guard name.utf8CodeUnitCount <= nameLength else { return false }
            for index in 0..<name.utf8CodeUnitCount where parameter[index] | 0x20 != name.utf8Start[index] | 0x20 {
                return false
            }
            return true
        }
        if matches("utm_") { return true }
        for name in trackingNames where name.utf8CodeUnitCount == nameLength && matches(name) { return true }
        return false
    }

    private static let trackingNames: [StaticString] = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "ns_mchannel",
    ]
}
