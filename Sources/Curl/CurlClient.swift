import Foundation

/// An HTTP(S) client over libcurl's multi interface, for any number of concurrent tasks.
///
/// All transfers run on one dedicated thread that owns a single multi handle, so blocking libcurl work never
/// occupies Swift's cooperative thread pool, and connections, DNS results and TLS sessions are reused across
/// requests. ``perform(_:)`` queues a request and suspends until it ends; cancelling the calling task aborts the
/// transfer. Call ``shutdown()`` when done (deinit does it too).
///
/// The client knows nothing about what it fetches: statuses, redirects and caching policy are the caller's.
public final class CurlClient: Sendable {
    /// Connection limits shared by every request of one client.
    public struct Configuration: Sendable {
        /// Most connections open at once across all hosts (`CURLMOPT_MAX_TOTAL_CONNECTIONS`). Default 16.
        public var maxTotalConnections: Int
        /// Most connections to one host at once (`CURLMOPT_MAX_HOST_CONNECTIONS`). Default 2. Further requests to
        /// that host wait in libcurl's queue, and their timeouts already run while they wait.
        public var maxHostConnections: Int

        /// Creates a configuration; 0 means unlimited for either value.
        public init(maxTotalConnections: Int = 16, maxHostConnections: Int = 2) {
            self.maxTotalConnections = maxTotalConnections
            self.maxHostConnections = maxHostConnections
        }
    }

    /// The configuration the client was created with.
    public var configuration: Configuration { core.configuration }

    private let core: CurlClientCore

    /// Initialises libcurl if needed and starts the transfer thread.
    ///
    /// - Throws: ``CurlError`` when libcurl cannot initialise or allocate its handles.
    public init(configuration: Configuration = Configuration()) throws(CurlError) {
        let core = try CurlClientCore(configuration: configuration)
        self.core = core
        // The thread holds only the core, never `self`, so dropping the last reference to the client still
        // reaches `deinit`, which stops the thread.
        let thread = Thread {
            CurlMultiLoop(core: core).run()
        }
        thread.name = "brinkwatch.curl"
        thread.start()
    }

    deinit {
        core.shutdown()
    }

    /// Performs a GET request and returns the final response, whatever its status.
    ///
    /// - Parameter request: the URL and limits of the transfer.
    /// - Returns: the response; a 404 or 503 is a response, not an error.
    /// - Throws: ``CurlError`` when no response could be obtained: with code `cancelled` if the calling task is
    ///   cancelled, `shutdown` if the client shuts down first, otherwise the transport failure.
    public func perform(_ request: CurlRequest) async throws(CurlError) -> CurlResponse {
        let core = self.core
        let id = core.reserve()
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                core.submit(CurlClientCore.Submission(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            core.cancel(id: id)
        }
        return try outcome.get()
    }

    /// Fails queued and running requests with code `shutdown` and waits for the transfer thread to exit.
    ///
    /// Blocks the caller only until the thread notices, which takes milliseconds. Later calls to ``perform(_:)``
    /// fail at once; calling `shutdown()` again does nothing.
    public func shutdown() {
        core.shutdown()
    }
}
