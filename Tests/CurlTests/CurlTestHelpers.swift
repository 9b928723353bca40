import Curl
import Foundation
import TestSupport

/// A request with timeouts short enough that a broken test fails in seconds rather than hanging.
func quickRequest(_ url: String, headers: [HTTPHeader] = []) -> CurlRequest {
    CurlRequest(url: url, headers: headers, connectTimeout: .seconds(2), totalTimeout: .seconds(5))
}

/// Runs `body` with a fresh client and shuts it down afterwards.
func withClient<T>(
    _ configuration: CurlClient.Configuration = CurlClient.Configuration(),
    _ body: (CurlClient) async throws -> T
) async throws -> T {
    let client = try CurlClient(configuration: configuration)
    defer { client.shutdown() }
    return try await body(client)
}

/// The error a request fails with, or `nil` if it succeeded.
func failure(of request: CurlRequest, on client: CurlClient) async -> CurlError? {
    do {
        _ = try await client.perform(request)
        return nil
    } catch {
        return error
    }
}

/// Fixed gzip encodings, made once with a standard gzip implementation (mtime 0), so tests need no zlib.
enum GzipSamples {
    /// The text `small` decodes to.
    static let smallText = "brinkwatch gzip check: " + String(repeating: "abc", count: 20) + "\n"

    /// `smallText`, gzip-encoded (49 bytes).
    static var small: Data {
        Data([
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0x2a, 0xca, 0xcc, 0xcb, 0x2e, 0x4f, 0x2c,
            0x49, 0xce, 0x50, 0x48, 0xaf, 0xca, 0x2c, 0x50, 0x48, 0xce, 0x48, 0x4d, 0xce, 0xb6, 0x52, 0x48, 0x4c, 0x4a,
            0x26, 0x1b, 0x71, 0x01, 0x00, 0x32, 0xf8, 0x17, 0x73, 0x54, 0x00, 0x00, 0x00,
        ])
    }

    /// 200,000 zero bytes, gzip-encoded in 229 bytes: a small "bomb" whose Content-Length looks harmless.
    static var bomb: Data {
        let head: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00, 0x00,
            0xc2, 0xa0, 0xf5, 0x4f, 0x6d, 0x06, 0x7f, 0xa0,
        ]
        let tail: [UInt8] = [0x80, 0xd7, 0x00, 0x7b, 0x58, 0xe0, 0x5c, 0x40, 0x0d, 0x03, 0x00]
        return Data(head + [UInt8](repeating: 0, count: 193) + tail)
    }

    /// The size `bomb` inflates to.
    static let bombDecodedSize = 200_000
}
