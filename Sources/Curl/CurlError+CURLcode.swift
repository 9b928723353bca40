import CCurl

extension CurlError {
    /// Builds the error for a failed transfer.
    ///
    /// - Parameters:
    ///   - result: libcurl's result code.
    ///   - url: the requested URL.
    ///   - detail: the contents of the transfer's error buffer, which is more specific than the generic text
    ///     for `result` (it says, for instance, after how many milliseconds a timeout fired).
    ///   - byteLimit: set when the write callback refused the body for exceeding this many bytes.
    init(result: CURLcode, url: String, detail: String, byteLimit: Int?) {
        let code: Code
        var text = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        if let byteLimit, result == CURLE_WRITE_ERROR {
            code = .tooLarge
            text = "body exceeds the limit of \(byteLimit) bytes"
        } else {
            code = Self.code(for: result)
        }
        if result == CURLE_COULDNT_CONNECT { text = Self.withoutElapsedTime(text) }
        let number = Int(result.rawValue)
        self.init(code: code, url: url, message: "request for \(url) failed: \(text) (curl error \(number))",
                  curlCode: number)
    }

    /// "Failed to connect to host port 443 after 3 ms: ..." without "after 3 ms": how soon a refusal came
    /// tells an operator nothing, and it would make each failure's message differ from the last one's.
    static func withoutElapsedTime(_ text: String) -> String {
        guard let after = text.range(of: " after "),
            let unit = text.range(of: " ms", range: after.upperBound..<text.endIndex),
            text[after.upperBound..<unit.lowerBound].allSatisfy(\.isNumber)
        else { return text }
        return String(text[..<after.lowerBound] + text[unit.upperBound...])
    }

    private static func code(for result: CURLcode) -> Code {
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolve
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_FILESIZE_EXCEEDED:
            return .tooLarge
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupportedProtocol
        case CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        default:
            return .other
        }
    }
}
