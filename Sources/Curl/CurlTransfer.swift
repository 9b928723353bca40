import CCurl
import CCurlShim
import Foundation

/// One transfer in flight: owns the easy handle and everything libcurl points into while it runs.
///
/// Confined to the loop thread of ``CurlClient``: created, driven, read and destroyed there. Its `deinit` frees the
/// easy handle, the header list and the error buffer, so dropping the object after `curl_multi_remove_handle`
/// is the whole cleanup.
final class CurlTransfer {
    let id: UInt64
    let request: CurlRequest
    let continuation: CurlClientCore.Continuation
    /// The `CURL *` handle.
    let easy: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER` storage; libcurl writes into it until the handle is cleaned up.
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// `CURLOPT_HTTPHEADER` list; must outlive the transfer.
    private var headerList: UnsafeMutablePointer<curl_slist>?

    // MARK: State written by the callbacks

    /// Decoded body bytes received so far.
    var body = Data()
    /// Set when the write callback refused data for exceeding ``CurlRequest/maxBytes``.
    var exceededByteLimit = false
    /// Headers since the most recent status line.
    var headers: [HTTPHeader] = []
    /// One entry per final (non-1xx) status line seen.
    var hops: [CurlResponse.Hop] = []

    /// Creates the easy handle and buffers, or returns `nil` when libcurl cannot allocate a handle.
    init?(submission: CurlClientCore.Submission) {
        guard let easy = curl_easy_init() else { return nil }
        self.id = submission.id
        self.request = submission.request
        self.continuation = submission.continuation
        self.easy = easy
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The text libcurl left in the error buffer, or an empty string.
    var errorDetail: String {
        String(cString: errorBuffer)
    }

    /// Appends one `Name: value` line to the request header list.
    func appendHeaderLine(_ line: String) -> Bool {
        guard let list = curl_slist_append(headerList, line) else { return false }
        headerList = list
        return true
    }

    /// The header list to hand to `CURLOPT_HTTPHEADER`.
    var headerListPointer: UnsafeMutablePointer<curl_slist>? { headerList }

    // MARK: Results

    /// The response or error for a transfer libcurl reported as done with `result`.
    func outcome(for result: CURLcode) -> Result<CurlResponse, CurlError> {
        guard result == CURLE_OK else {
            let limit = exceededByteLimit ? request.maxBytes : nil
            return .failure(CurlError(result: result, url: request.url, detail: errorDetail, byteLimit: limit))
        }
        return .success(makeResponse())
    }

    private func makeResponse() -> CurlResponse {
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var urlPointer: UnsafePointer<CChar>?
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effectiveURL = urlPointer.map { String(cString: $0) } ?? request.url
        var redirects = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        var downloaded: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        var seconds = 0.0
        _ = ccurl_easy_getinfo_double(easy, CURLINFO_TOTAL_TIME, &seconds)
        if status == 0 && effectiveURL.lowercased().hasPrefix("file:") {
            status = 200
        }
        var chain = hops
        if chain.isEmpty {
            chain.append(CurlResponse.Hop(status: status, url: effectiveURL))
        }
        return CurlResponse(
            status: status,
            effectiveURL: effectiveURL,
            headers: headers,
            body: body,
            redirectCount: redirects,
            downloadedBytes: Int64(downloaded),
            totalTime: .microseconds(Int64((seconds * 1_000_000).rounded())),
            hops: chain
        )
    }
}

@available(*, unavailable)
extension CurlTransfer: Sendable {}
