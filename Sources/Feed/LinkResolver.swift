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

    /// Whether `url` starts with `http://` or `https://` and holds only printable ASCII without spaces, so that
    /// `URL` parsing would return it unchanged.
    private static func isPlainAbsoluteHTTP(_ url: String) -> Bool {
        let bytes = url.utf8
        let lowered = bytes.prefix(8).map { $0 | 0x20 }         // ':' and '/' are unchanged by the case bit
        guard lowered.starts(with: Array("https://".utf8)) || lowered.starts(with: Array("http://".utf8)) else {
            return false
        }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"),
                 UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
                return false                                    // printable, but `URL` would percent-encode it
            default:
                return byte > 0x20 && byte < 0x7F
            }
        }
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
    static func dropTrackingParameters(_ url: String) -> String {
        guard url.utf8.contains(UInt8(ascii: "?")), let questionMark = url.firstIndex(of: "?") else { return url }
        let fragmentStart = url[questionMark...].firstIndex(of: "#") ?? url.endIndex
        let query = url[url.index(after: questionMark)..<fragmentStart]
        let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { parameter in
            let name = parameter.prefix { $0 != "=" }.lowercased()
            return !name.hasPrefix("utm_") && !trackingNames.contains(name)
        }
        let head = url[..<questionMark]
        let tail = url[fragmentStart...]
        return kept.isEmpty ? String(head + tail) : head + "?" + kept.joined(separator: "&") + tail
    }

    private static let trackingNames: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "ns_mchannel",
    ]
}
