import Durable
import Synchronization

/// A promise the queue made by returning from a call: a crash after that must not undo it.
enum Acknowledgement: Sendable, Equatable {
    /// `enqueue` returned: each of these ids is stored.
    case enqueued([String])
    /// `claim` returned `id` at this attempt: the count, which bounds crash loops, may not go back.
    case claimed(id: String, attempt: Int)
    /// `completeAll` returned: the result of `id` is stored with exactly these bytes.
    case completed(id: String, result: [UInt8])
    /// `fail(permanent: true)` returned: `id` is a dead letter.
    case deadLettered(String)
    /// `requeueDead` returned: `id` is ready again.
    case requeued(String)
}

/// One entry of a recorded run: a change to the file system, or a call that returned.
enum TraceStep: Sendable, Equatable {
    case change(FileChange)
    case acknowledged(Acknowledgement)
}

/// The file changes of a workload, interleaved with what each of its calls acknowledged, so
/// that for any crash point we know both what could be on disk and what had been promised.
final class CrashTrace: FileChangeRecorder {
    private let recorded = Mutex<[TraceStep]>([])

    var steps: [TraceStep] { recorded.withLock { $0 } }

    func record(_ change: FileChange) {
        recorded.withLock { $0.append(.change(change)) }
    }

    func acknowledge(_ promise: Acknowledgement) {
        recorded.withLock { $0.append(.acknowledged(promise)) }
    }

    /// Runs `body` with this trace recording the changes of the current task.
    func recording<T>(_ body: () throws -> T) rethrows -> T {
        try FileChange.$recorder.withValue(self, operation: body)
    }
}

/// What had been promised at a crash point, folded from the acknowledgements before it.
struct Promises: Hashable {
    /// Ids whose enqueue returned.
    var stored: Set<String> = []
    /// Ids whose completion returned, with the result that was stored.
    var completed: [String: [UInt8]] = [:]
    /// Ids that are dead letters by the latest acknowledgement about them.
    var dead: Set<String> = []
    /// The attempt count each claimed id has reached.
    var attempts: [String: Int] = [:]

    mutating func add(_ promise: Acknowledgement) {
        switch promise {
        case .enqueued(let ids): stored.formUnion(ids)
        case .claimed(let id, let attempt): attempts[id] = attempt
        case .completed(let id, let result): completed[id] = result
        case .deadLettered(let id): dead.insert(id)
        case .requeued(let id): dead.remove(id)
        }
    }
}
