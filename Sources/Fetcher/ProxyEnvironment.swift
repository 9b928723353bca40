import Foundation

/// The proxy the usual environment variables ask for, for one URL.
///
/// The transport layer connects directly unless told otherwise, so that tests and the
/// configuration stay in control; the fetcher applies this rule when the configuration names
/// no proxy: `https_proxy` or `http_proxy` by scheme (lower case first, as curl does), then
/// `all_proxy`, unless the host is loopback or matches `no_proxy` (`*`, a host name, or a domain
/// suffix).
public enum ProxyEnvironment {
    public static func proxy(for url: String, environment: [String: String] = processEnvironment) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased()
        else { return nil }
        if bypasses(host, environment["no_proxy"] ?? environment["NO_PROXY"]) { return nil }
        let candidates = scheme == "https"
            ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            : ["http_proxy", "all_proxy", "ALL_PROXY"]  // upper-case HTTP_PROXY is ignored, as curl does (CGI safety)
        return candidates.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    /// The process's environment, read once: `ProcessInfo.environment` builds a new dictionary
    /// from every variable at each call, which was a tenth of a cycle of 304s when called for
    /// every fetch. The daemon never changes its own environment.
    public static let processEnvironment = ProcessInfo.processInfo.environment

    private static func bypasses(_ host: String, _ list: String?) -> Bool {
        // Loopback never goes through a proxy.
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return true }
        guard let list else { return false }
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if entry == "*" { return true }
            let domain = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            if !domain.isEmpty, host == domain || host.hasSuffix("." + domain) { return true }
        }
        return false
    }
}
