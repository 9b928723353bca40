import CCurl
import CCurlShim
import Dispatch
import Foundation

/// The part of a ``CurlClient`` shared by the calling tasks and the loop thread: the request queue, the multi
/// and share handles, and the loop's exit signal.
///
/// `@unchecked Sendable` because it stores raw libcurl pointers and a lock-guarded `var`, which Swift cannot prove
/// safe to share. They are: `state` is only touched inside `withState`, under `lock`; the multi and share handles
/// are driven only by the loop thread, except `curl_multi_wakeup`, which libcurl documents as callable from any
/// thread; and both handles are freed in `deinit`, which runs only after the loop thread has exited and released
/// this object.
///
/// The lock is an `NSLock` rather than `Synchronization.Mutex`: both are correct, but on Linux ThreadSanitizer does
/// not see the futex inside `Mutex` and reports races on every access it guards, which would drown real reports.
final class CurlClientCore: @unchecked Sendable {
    /// How a request's outcome travels back to its task. `Result` rather than a throwing continuation keeps the
    /// error type exact for typed throws.
    typealias Continuation = CheckedContinuation<Result<CurlResponse, CurlError>, Never>

    /// A request handed over by a task, with the continuation to resume when it ends.
    struct Submission: Sendable {
        let id: UInt64
        let request: CurlRequest
        let continuation: Continuation
    }

    /// What the loop must do next, taken atomically from the queue.
    struct Work {
        var started: [Submission] = []
        var cancelled: [UInt64] = []
        var isStopping = false
    }

    /// Where one request stands. A request is `reserved` from the moment its task asks for an id, so a
    /// cancellation that arrives before submission is remembered rather than lost.
    private enum Slot {
        case reserved
        case cancelledEarly
        case queued(Submission)
        case running
    }

    private struct State {
        var slots: [UInt64: Slot] = [:]
        var queue: [UInt64] = []
        var cancellations: [UInt64] = []
        var nextID: UInt64 = 1
        var isStopping = false
    }

    let configuration: CurlClient.Configuration
    /// The `CURLM *` handle.
    let multi: UnsafeMutableRawPointer
    /// The `CURLSH *` handle sharing the DNS cache and TLS session IDs between transfers.
    ///
    /// libcurl asks for lock callbacks when a share handle is used from several threads at once. Every handle
    /// attached to this one is driven by the single loop thread, so no locking is needed and none is installed.
    let share: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var state = State()
    /// Signalled once when the loop thread has finished; each waiter re-signals it for the next.
    private let exited = DispatchSemaphore(value: 0)

    init(configuration: CurlClient.Configuration) throws(CurlError) {
        try CurlGlobal.ensureInitialized()
        guard let multi = curl_multi_init() else {
            throw CurlError(code: .other, url: "", message: "libcurl could not create a multi handle")
        }
        guard let share = curl_share_init() else {
            curl_multi_cleanup(multi)
            throw CurlError(code: .other, url: "", message: "libcurl could not create a share handle")
        }
        _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
        _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(configuration.maxTotalConnections, 0))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(configuration.maxHostConnections, 0))
        self.configuration = configuration
        self.multi = multi
        self.share = share
    }

    deinit {
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
    }

    /// Runs `body` on the state under the lock.
    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    // MARK: - Calling tasks

    /// Allocates the id under which a task will submit a request.
    func reserve() -> UInt64 {
        withState { state in
            let id = state.nextID
            state.nextID += 1
            state.slots[id] = .reserved
            return id
        }
    }

    /// Queues a request for the loop, or fails it at once if it was cancelled already or the client has stopped.
    func submit(_ submission: Submission) {
        let url = submission.request.url
        let refusal: CurlError? = withState { state in
            if state.isStopping {
                state.slots[submission.id] = nil
                return .shutdown(url: url)
            }
            if case .cancelledEarly = state.slots[submission.id] {
                state.slots[submission.id] = nil
                return .cancelled(url: url)
            }
            state.slots[submission.id] = .queued(submission)
            state.queue.append(submission.id)
            return nil
        }
        if let refusal {
            submission.continuation.resume(returning: .failure(refusal))
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Cancels request `id` wherever it stands; a request that has already finished is left alone.
    func cancel(id: UInt64) {
        enum Action { case none, fail(Submission), wakeLoop }
        let action: Action = withState { state in
            switch state.slots[id] {
            case .reserved:
                state.slots[id] = .cancelledEarly
                return .none
            case .queued(let submission):
                state.slots[id] = nil
                state.queue.removeAll { $0 == id }
                return .fail(submission)
            case .running:
                state.cancellations.append(id)
                return .wakeLoop
            case .cancelledEarly, nil:
                return .none
            }
        }
        switch action {
        case .none:
            break
        case .fail(let submission):
            submission.continuation.resume(returning: .failure(.cancelled(url: submission.request.url)))
        case .wakeLoop:
            curl_multi_wakeup(multi)
        }
    }

    /// Fails queued requests, tells the loop to fail running ones and exit, and waits until it has.
    func shutdown() {
        let queued: [Submission] = withState { state in
            guard !state.isStopping else { return [] }
            state.isStopping = true
            let queued = state.queue.compactMap { id -> Submission? in
                guard case .queued(let submission) = state.slots[id] else { return nil }
                state.slots[id] = nil
                return submission
            }
            state.queue.removeAll()
            return queued
        }
        for submission in queued {
            submission.continuation.resume(returning: .failure(.shutdown(url: submission.request.url)))
        }
        curl_multi_wakeup(multi)
        exited.wait()
        exited.signal()
    }

    // MARK: - Loop thread

    /// Takes new requests (marking them running), pending cancellations and the stop flag.
    func takeWork() -> Work {
        withState { state in
            var work = Work()
            for id in state.queue {
                guard case .queued(let submission) = state.slots[id] else { continue }
                state.slots[id] = .running
                work.started.append(submission)
            }
            state.queue.removeAll()
            work.cancelled = state.cancellations
            state.cancellations.removeAll()
            work.isStopping = state.isStopping
            return work
        }
    }

    /// Forgets request `id`; its continuation is about to be resumed by the loop.
    func finish(id: UInt64) {
        withState { state in
            state.slots[id] = nil
        }
    }

    /// Called by the loop thread as its last action.
    func loopDidExit() {
        exited.signal()
    }
}
