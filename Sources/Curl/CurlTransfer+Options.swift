import CCurl
import CCurlShim

extension CurlTransfer {
    /// Applies the request to the easy handle.
    ///
    /// - Parameter share: the client's share handle (DNS cache and TLS sessions).
    /// - Throws: ``CurlError`` with code `invalidRequest` for a header containing a line break, or whatever
    ///   libcurl reports for an option it rejects.
    func configure(share: UnsafeMutableRawPointer) throws(CurlError) {
        let url = request.url
        try set(CURLOPT_URL, url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, request.allowFile ? "http,https,file" : "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, request.maxRedirects > 0 ? 1 : 0)
        try set(CURLOPT_MAXREDIRS, max(request.maxRedirects, 0))
        try set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, request.totalTimeout.curlMilliseconds)
        try set(CURLOPT_LOW_SPEED_LIMIT, max(request.lowSpeedLimit, 0))
        try set(CURLOPT_LOW_SPEED_TIME, request.lowSpeedTime.curlSeconds)
        try check(ccurl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(max(request.maxBytes, 0))))
        if let encoding = request.acceptEncoding {
            try set(CURLOPT_ACCEPT_ENCODING, encoding)
        }
        if let agent = request.userAgent {
            try set(CURLOPT_USERAGENT, agent)
        }
        // An empty proxy string turns proxying off, including the http_proxy family of environment variables.
        try set(CURLOPT_PROXY, request.proxy ?? "")
        if request.proxy != nil {
            // Keep the proxy's own "200 Connection established" out of the response headers.
            try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        }
        if let caFile = request.caFile {
            try set(CURLOPT_CAINFO, caFile)
            // Debian's libcurl also trusts the directory it was built with (/etc/ssl/certs): without
            // clearing it, the file would be trusted in addition to the system's CAs, not instead.
            try check(ccurl_easy_setopt_pointer(easy, CURLOPT_CAPATH, nil))
        }
        try configureHeaders()
        try check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_easy_setopt_pointer(easy, CURLOPT_SHARE, share))
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlBodyCallback))
        try check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(ccurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
        try check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
    }

    private func configureHeaders() throws(CurlError) {
        guard !request.headers.isEmpty else { return }
        for header in request.headers {
            if header.name.isEmpty || header.name.contains(":") || Self.breaksLine(header.name)
                || Self.breaksLine(header.value)
            {
                throw .invalidRequest(url: request.url, "header \"\(header.name)\" has an invalid name or value")
            }
            // libcurl drops `Name:` with an empty value; `Name;` is its spelling for an empty header.
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            guard appendHeaderLine(line) else {
                throw CurlError(code: .other, url: request.url, message: "out of memory building request headers")
            }
        }
        try check(ccurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerListPointer))
    }

    /// Whether `text` would end a header line early and let a caller inject headers of its own choosing.
    ///
    /// Checks scalars, not Characters: "\r\n" is a single Character and would slip past a Character test.
    private static func breaksLine(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_easy_setopt_string(easy, option, value))
    }

    private func check(_ result: CURLcode) throws(CurlError) {
        guard result == CURLE_OK else {
            throw CurlError(result: result, url: request.url, detail: "", byteLimit: nil)
        }
    }
}
