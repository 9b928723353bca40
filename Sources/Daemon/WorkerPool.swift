import Foundation
import Inbox
import Logging
import ServiceLifecycle

/// A fixed number of workers that take items from the inbox, classify them and complete them.
///
/// Each worker claims one item at a time, so an item is never held by a worker that is not
/// working on it. Idle workers wait on the ``Doorbell`` (rung by the fetcher) with a slow
/// fallback check for items queued by other processes.
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

    /// Processes ready items until the inbox has none left; returns how many were completed.
    func drain() async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<max(1, workers) {
                group.addTask { self.workUntilEmpty() }
            }
            return await group.reduce(0, +)
        }
    }

    /// Works until graceful shutdown: in-flight items finish, no new claims are made.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<max(1, workers) {
                group.addTask {
                    var logger = self.logger
                    logger[metadataKey: "worker.id"] = "\(index)"
                    while !Task.isShuttingDownGracefully, !Task.isCancelled {
                        _ = self.workUntilEmpty()
                        if Task.isShuttingDownGracefully { break }
                        await withGracefulShutdownHandler {
                            await self.doorbell.wait(upTo: self.idleCheck)
                        } onGracefulShutdown: {
                            self.doorbell.ring()
                        }
                    }
                }
            }
        }
    }

    private func workUntilEmpty() -> Int {
        var done = 0
        while !Task.isShuttingDownGracefully {
            let claim: Claim?
            do {
                claim = try inbox.claim()
            } catch {
                logger.error("cannot claim from the inbox", metadata: ["error": "\(error)"])
                return done
            }
            guard let claim else { return done }
            if let day = processor.process(claim) {
                done += 1
                completed(day)
            }
        }
        return done
    }
}
