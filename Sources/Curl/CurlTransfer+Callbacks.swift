import CCurl
import CCurlShim
import Foundation

// The C callbacks libcurl calls on the loop thread while it drives a transfer.
//
// They capture nothing: a `@convention(c)` closure cannot carry context (and a capturing one crashes the Swift 6.3
// compiler rather than being diagnosed). Each reaches its ``CurlTransfer`` through the user-data pointer, which
// holds an unretained reference; the loop keeps the transfer alive until the handle has left the multi handle.

/// `CURLOPT_WRITEFUNCTION`: appends body bytes, refusing them once the byte limit would be exceeded.
let curlBodyCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length))
}

/// `CURLOPT_HEADERFUNCTION`: receives one complete header line at a time, CRLF included, not NUL-terminated.
let curlHeaderCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

extension CurlTransfer {
    /// Stores body bytes; returns a short count (which makes libcurl abort with `CURLE_WRITE_ERROR`) when the
    /// body would exceed ``CurlRequest/maxBytes``.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= request.maxBytes else {
            exceededByteLimit = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Parses one header line. A status line starts a new response: the headers collected so far belonged to a
    /// redirect or an interim 1xx response and are discarded.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" {
            line.removeLast()
        }
        guard !line.isEmpty else { return }
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, let status = Int(fields[1]), status >= 200 else { return }
            hops.append(CurlResponse.Hop(status: status, url: currentURL))
        } else if line.first == " " || line.first == "\t" {
            // An obsolete folded continuation of the previous header's value.
            guard var last = headers.popLast() else { return }
            last.value += " " + Self.blankTrimmed(line[...])
            headers.append(last)
        } else if let colon = line.firstIndex(of: ":") {
            let name = Self.blankTrimmed(line[..<colon]).lowercased()
            let value = Self.blankTrimmed(line[line.index(after: colon)...])
            headers.append(HTTPHeader(name, value))
        }
    }

    /// `text` without the spaces and tabs around it: HTTP's optional white space (RFC 9110),
    /// nothing else. By bytes, because Foundation's `trimmingCharacters` bridged every header
    /// line through `NSString`, a tenth of a cycle of 304s.
    static func blankTrimmed(_ text: Substring) -> String {
        let bytes = text.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        // Both ends sit next to an ASCII blank or the text's own ends: on character boundaries.
        return String(text[first..<bytes.index(after: last)])
    }

    /// The URL libcurl is fetching right now, which changes as it follows redirects.
    private var currentURL: String {
        var pointer: UnsafePointer<CChar>?
        guard ccurl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else {
            return request.url
        }
        return String(cString: pointer)
    }
}
