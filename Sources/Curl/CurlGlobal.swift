import CCurl

/// The process-wide libcurl initialisation.
///
/// `curl_global_init` must run once before any other libcurl call. A `static let` is initialised lazily and
/// exactly once even when several threads race to it; libcurl 7.84 and later (built `threadsafe`, as Debian's is)
/// also make the call itself safe while other threads run. There is no matching `curl_global_cleanup`: the daemon
/// keeps libcurl until the process exits.
enum CurlGlobal {
    private static let initResult: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

    /// Initialises libcurl if that has not happened yet.
    ///
    /// - Throws: ``CurlError`` when libcurl could not initialise (out of memory, broken TLS library).
    static func ensureInitialized() throws(CurlError) {
        let result = initResult
        guard result == CURLE_OK.rawValue else {
            let text = String(cString: curl_easy_strerror(CURLcode(rawValue: result)))
            throw CurlError(code: .other, url: "", message: "libcurl failed to initialise: \(text)",
                            curlCode: Int(result))
        }
    }
}

extension Duration {
    /// Whole milliseconds, never negative; fractions are rounded up so that a tiny timeout is not zero
    /// (which libcurl reads as "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0, self > .zero else { return 0 }
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow else { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(millis.partialValue + fraction)
    }

    /// Whole seconds rounded up, never negative.
    var curlSeconds: Int {
        (curlMilliseconds + 999) / 1000
    }
}
