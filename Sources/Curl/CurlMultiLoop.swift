import CCurl
import CCurlShim
import Foundation

/// The body of the client's dedicated thread: adds queued transfers to the multi handle, drives them, and
/// resumes each caller when its transfer ends.
///
/// Every easy handle lives and dies on this thread, which is what makes the lock-free share handle and the
/// unsynchronised ``CurlTransfer`` objects safe.
final class CurlMultiLoop {
    /// How long one `curl_multi_poll` may sleep when nothing happens; libcurl shortens it to its own next timer,
    /// and `curl_multi_wakeup` ends it early.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    private let core: CurlClientCore
    /// Transfers inside the multi handle, keyed by easy handle.
    private var transfers: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(core: CurlClientCore) {
        self.core = core
    }

    /// Runs until the client shuts down, then fails whatever is still running.
    func run() {
        while true {
            let work = core.takeWork()
            for submission in work.started {
                start(submission)
            }
            for id in work.cancelled {
                guard let transfer = transfers.values.first(where: { $0.id == id }) else { continue }
                abort(transfer, with: .cancelled(url: transfer.request.url))
            }
            if work.isStopping {
                break
            }
            var running: Int32 = 0
            _ = curl_multi_perform(core.multi, &running)
            collectFinished()
            if curl_multi_poll(core.multi, nil, 0, Self.pollTimeoutMilliseconds, nil) != CURLM_OK {
                // Only an out-of-memory or a broken wakeup pipe gets here; do not spin on it.
                usleep(10_000)
            }
        }
        for transfer in Array(transfers.values) {
            abort(transfer, with: .shutdown(url: transfer.request.url))
        }
        core.loopDidExit()
    }

    private func start(_ submission: CurlClientCore.Submission) {
        guard let transfer = CurlTransfer(submission: submission) else {
            let error = CurlError(code: .other, url: submission.request.url,
                                  message: "libcurl could not create a handle for \(submission.request.url)")
            core.finish(id: submission.id)
            submission.continuation.resume(returning: .failure(error))
            return
        }
        do {
            try transfer.configure(share: core.share)
        } catch {
            complete(transfer, with: .failure(error))
            return
        }
        let added = curl_multi_add_handle(core.multi, transfer.easy)
        guard added == CURLM_OK else {
            let text = String(cString: curl_multi_strerror(added))
            let url = submission.request.url
            complete(transfer, with: .failure(CurlError(code: .other, url: url,
                                                        message: "request for \(url) failed: \(text)")))
            return
        }
        transfers[transfer.easy] = transfer
    }

    /// Completes every transfer libcurl reports as done.
    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(core.multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read the result before removing the handle: removal invalidates the message.
            let result = ccurl_msg_result(message)
            guard let transfer = transfers.removeValue(forKey: easy) else { continue }
            _ = curl_multi_remove_handle(core.multi, easy)
            complete(transfer, with: transfer.outcome(for: result))
        }
    }

    /// Takes a running transfer out of the multi handle and fails it.
    private func abort(_ transfer: CurlTransfer, with error: CurlError) {
        transfers[transfer.easy] = nil
        _ = curl_multi_remove_handle(core.multi, transfer.easy)
        complete(transfer, with: .failure(error))
    }

    private func complete(_ transfer: CurlTransfer, with outcome: Result<CurlResponse, CurlError>) {
        core.finish(id: transfer.id)
        transfer.continuation.resume(returning: outcome)
    }
}

@available(*, unavailable)
extension CurlMultiLoop: Sendable {}
