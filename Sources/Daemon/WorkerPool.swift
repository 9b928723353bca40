import CoreMetrics
import Foundation
import Inbox
import Logging
import Synchronization
import ServiceLifecycle
import Telemetry

/// A fixed number of workers that take items from the inbox, classify them and complete them.
///
/// Each worker claims up to ``batchSize`` items at once, classifies them one after another and
/// completes them together (group claim and group commit: a batch shares its fsyncs), so an
/// item is held only while its batch is being worked on. Idle workers wait on the ``Doorbell``,
/// rung by this process's fetcher and by the storage's wake-ups (inotify on the file inbox's
/// ready folder, which hears other processes on this host; LISTEN on PostgreSQL), with a slow
/// fallback look for what neither can announce (another host over a shared file system). A
/// worker yields after every item so that the fetcher, the digest writer and signal handling
/// keep running while a backlog drains.
struct WorkerPool: Sendable {
    let inbox: any Inbox
    let processor: ItemProcessor
    let workers: Int
    let logger: Logger
    let doorbell: Doorbell
    /// Called with the digest day of each completed item.
    let completed: @Sendable (String) -> Void
    /// How long an idle worker sleeps before looking at the inbox again without being rung.
    var idleCheck: Duration = .seconds(30)
    /// How long a worker pauses after a storage failure.
    var troublePause: Duration = .seconds(10)
    /// Told after every batch and every idle check of each worker (the systemd watchdog).
    var liveness: Liveness?
    /// The most items a worker completes together. Classifying one takes tens of microseconds,
    /// an fsync milliseconds: a batch pays about three fsyncs in all instead of three per item.
    var batchSize = 32

    /// Why a worker stopped working through the inbox.
    enum Stop: Sendable, Equatable {
        case empty
        case trouble
        case shutdown
        case broken(String)
    }

    /// What ``drain(alongside:)`` did.
    struct Drained<Result: Sendable>: Sendable {
        var result: Result
        var completed: Int
        /// Why the inbox refused the workers (a failed fsync), when it did.
        var broken: String?
    }

    /// Runs `producer` (a fetch round) beside the workers, who take its items as they arrive
    /// (rung by the doorbell) and, once it has returned, drain what is left.
    ///
    /// Why beside and not after: the fetch waits on the network and on its fsyncs, the workers
    /// mostly on theirs, so each runs in the other's waits; and an item finished while the fetch
    /// still runs leaves a file in `done/` that its next enqueue overwrites instead of creating
    /// one (see ``Inbox/sweep()``), so neither creating nor deleting it costs anything.
    ///
    /// The workers never stop the producer: a worker that meets storage trouble while it runs
    /// pauses and tries again, and one that finds the inbox broken stops, its reason reported
    /// once the producer has returned (whose own report may name the cause).
    func drain<Result: Sendable>(alongside producer: @escaping @Sendable () async -> Result) async -> Drained<Result> {
        let finished = ProducerFinished()
        return await withTaskGroup(of: Drained<Result?>.self) { group in
            group.addTask {
                let result = await producer()
                finished.raise()
                self.doorbell.ring()
                return Drained(result: result, completed: 0)
            }
            for _ in 0..<max(1, workers) {
                group.addTask {
                    var done = 0
                    while true {
                        // Read before the pass: a pass that starts once the producer has returned
                        // sees every item it enqueued.
                        let last = finished.isRaised
                        switch await self.work(counting: &done) {
                        case .broken(let reason): return Drained(result: nil, completed: done, broken: reason)
                        case .shutdown: return Drained(result: nil, completed: done)
                        case .empty where last, .trouble where last: return Drained(result: nil, completed: done)
                        case .empty: await self.doorbell.wait(upTo: .seconds(1))
                        case .trouble: try? await Task.sleep(for: self.troublePause)
                        }
                    }
                }
            }
            var (result, completed, broken): (Result?, Int, String?) = (nil, 0, nil)
            for await part in group {
                result = part.result ?? result
                completed += part.completed
                broken = broken ?? part.broken
            }
            // The producer's task always returns a result, and the group waits for every task.
            return Drained(result: result!, completed: completed, broken: broken)
        }
    }

    /// Works until graceful shutdown: in-flight items finish, no new claims are made.
    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<max(1, workers) {
                group.addTask {
                    var done = 0
                    let name = "worker-\(index + 1)"
                    defer { self.liveness?.end(name) }
                    while !Task.isShuttingDownGracefully, !Task.isCancelled {
                        self.liveness?.beat(name)
                        let stop = await self.work(counting: &done) { self.liveness?.beat(name) }
                        if case .broken(let reason) = stop {
                            throw DaemonError(step: "processing the inbox", message: reason)
                        }
                        if stop == .shutdown { break }
                        let pause = stop == .trouble ? self.troublePause : self.idleCheck
                        await withGracefulShutdownHandler {
                            await self.doorbell.wait(upTo: pause)
                        } onGracefulShutdown: {
                            self.doorbell.ring()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Deletes what completions set aside, now that nothing is ready (see ``Inbox/sweep()``).
    private func sweep() {
        do {
            _ = try inbox.sweep()
        } catch {
            logger.error("cannot delete finished items", metadata: ["error": "\(error)"])
        }
    }

    private func work(counting done: inout Int, beat: () -> Void = {}) async -> Stop {
        var batch: [(completion: Completion, day: String, labels: [String])] = []
        /// Completes the held batch; nil when that went well.
        func flush() -> Stop? {
            defer { batch.removeAll() }
            switch processor.complete(batch.map(\.completion)) {
            case nil:
                done += batch.count
                var perLabel: [String: Int] = [:]
                for entry in batch {
                    completed(entry.day)
                    for label in entry.labels { perLabel[label, default: 0] += 1 }
                }
                // One counter per label and batch, not one per item: making a counter looks it up.
                for (label, count) in perLabel {
                    Counter(label: MetricNames.itemsClassified, dimensions: [(MetricNames.Label.label, label)])
                        .increment(by: count)
                }
                return nil
            case .broken(let reason):
                return .broken(reason)
            case .storageTrouble, .failed:
                return .trouble
            }
        }
        while true {
            if Task.isShuttingDownGracefully || Task.isCancelled { return .shutdown }
            // No claims while the disk is full: their results could not be stored.
            if let disk = processor.diskSpace, !disk.roomToWork() { return .trouble }
            let claims: [Claim]
            do {
                claims = try inbox.claimAll(upTo: batchSize)
            } catch where error.code == .broken {
                return .broken("\(error)")
            } catch {
                logger.error("cannot claim from the inbox", metadata: ["error": "\(error)"])
                return .trouble
            }
            guard !claims.isEmpty else {
                sweep()
                return .empty
            }
            // Every claim taken is finished here: classified and completed with the batch, or
            // settled by prepare, or (after a storage failure) returned unprocessed.
            for (index, claim) in claims.enumerated() {
                switch processor.prepare(claim) {
                case .ready(let completion, let day, let labels):
                    batch.append((completion, day, labels))
                case .finished(.broken(let reason)):
                    return .broken(reason)
                case .finished(.storageTrouble):
                    if case .broken(let reason) = processor.release(claims[(index + 1)...]) { return .broken(reason) }
                    return flush() ?? .trouble
                case .finished:
                    break
                }
                await Task.yield()
            }
            if let stop = flush() { return stop }
            beat()
        }
    }
}

/// Raised once the producer beside a drain has returned.
private final class ProducerFinished: Sendable {
    private let raised = Atomic<Bool>(false)
    var isRaised: Bool { raised.load(ordering: .acquiring) }
    func raise() { raised.store(true, ordering: .releasing) }
}
