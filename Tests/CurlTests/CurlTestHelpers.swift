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
