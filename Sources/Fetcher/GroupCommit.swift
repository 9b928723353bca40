import Foundation
import Synchronization

/// Gathers requests from many tasks into batches for an operation whose cost hardly depends on
/// the batch size, such as making files durable (a few fsyncs per batch, not per file).
///
/// The first request submitted while no batch is being committed starts a committing thread: it
/// commits every request queued so far, then whatever arrived meanwhile, and ends when the queue
/// is empty. Every submitter waits for its own outcome. Nothing waits for a batch to fill, so a
/// lone request costs what it did before; under load, the requests that arrive during one commit
/// share the next. Why a thread of its own: a commit blocks on the disk, and on a cooperative
/// thread it would leave the other tasks (the ones that would join the next batch) fewer threads
/// to run on; with two cores, often none.
final class GroupCommit<Request: Sendable, Response: Sendable>: Sendable {
    typealias Outcome = Result<Response, any Error>

    private struct Waiting: Sendable {
        var request: Request
        var continuation: CheckedContinuation<Outcome, Never>
    }

    private let queue = Mutex<(waiting: [Waiting], leading: Bool)>(([], false))
    /// Commits a batch; returns one outcome per request, in their order.
    private let commit: @Sendable ([Request]) -> [Outcome]

    init(_ commit: @escaping @Sendable ([Request]) -> [Outcome]) {
        self.commit = commit
    }

    /// Commits `request` with whatever else is waiting and returns its outcome.
    func submit(_ request: Request) async -> Outcome {
        await withCheckedContinuation { continuation in
            let lead = queue.withLock { state in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                if state.leading { return false }
                state.leading = true
                return true
            }
            if lead { Thread.detachNewThread { self.commitWaiting() } }
        }
    }

    /// Requests waiting for the next commit (for tests).
    var waitingCount: Int { queue.withLock { $0.waiting.count } }

    private func commitWaiting() {
        while true {
            let batch = queue.withLock { state in
                defer { state.waiting.removeAll() }
                if state.waiting.isEmpty { state.leading = false }
                return state.waiting
            }
            if batch.isEmpty { return }
            let outcomes = commit(batch.map(\.request))
            precondition(outcomes.count == batch.count, "a group commit must answer every request")
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
        }
    }
}
