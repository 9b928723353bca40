import Durable
import Foundation

extension FileInbox {
    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try completeAll([Completion(claim: claim, result: result, bucket: bucket)])
    }

    /// Group commit for workers: the results of a batch that share a bucket are written to one
    /// record file (``RecordFile``), synced, renamed into place under a fresh name, and the
    /// bucket folder fsynced; only then are the claims moved out of `cur/` into `done/`.
    ///
    /// Why one file for the batch and not one per item: creating a file is the dearest step on
    /// a file system without a journal (each waits for the writing back that earlier fsyncs
    /// started); one file per batch of 32 measured twice the rate of a file per result.
    /// Exactly once downstream: an item finished twice (after a crash between the results and
    /// the moves, or by a worker whose claim was reaped) has two records under its id, and
    /// every reader keeps the first (``result(_:bucket:)``, the digest's record reader).
    ///
    /// Why `done/` and not unlink: freeing a file is the dearest step of all where the file
    /// system discards freed blocks at once (ext4 mounted with `discard`): measured at about a
    /// third of a worker's time per item. ``sweep()`` deletes them when the workers are idle.
    /// Why no fsync of `cur/` after the moves: a crash that undoes one brings the claim back,
    /// the reaper returns it to `new/`, and finishing it again stores a second record that
    /// readers skip; the results, which are the promise, were durable before the first move.
    public func completeAll(_ completions: [Completion]) throws(InboxError) {
        try fault.check()
        guard !completions.isEmpty else { return }
        var buckets: [String] = []
        for completion in completions where !buckets.contains(completion.bucket) { buckets.append(completion.bucket) }
        for bucket in buckets {
            try storeResults(completions.filter { $0.bucket == bucket }, in: bucket)
        }
        for completion in completions {
            do {
                try cur.moveReplacing(completion.claim.token, to: done, as: completion.claim.token)
            } catch {
                throw InboxError(error, "cannot set a completed claim aside", itemID: completion.claim.id)
            }
            completion.claim.unlock()
        }
        finished.withLock { $0.listedAt = nil }  // worth listing done/ again
        let backlog = sweeping.withLock { state in
            state.setAside += completions.count
            return state.setAside
        }
        if backlog > sweepBacklog { _ = try sweep() }
    }

    /// Deletes the finished items that completion moved to `done/`, all but ``reuseReserve`` of
    /// them (enqueue overwrites those instead of creating files); returns how many it deleted.
    /// Workers call it when the inbox has nothing ready, and ``recover()`` after a crash. One
    /// sweep at a time per inbox object; a call while one runs returns 0 at once. Several
    /// processes may sweep together: a name another one deleted or reused first is skipped.
    public func sweep() throws(InboxError) -> Int {
        let claimed = sweeping.withLock { state in
            if state.running { return false }
            state.running = true
            state.setAside = 0
            return true
        }
        guard claimed else { return 0 }
        defer { sweeping.withLock { $0.running = false } }
        let names: [String]
        do { names = try done.names() } catch { throw InboxError(error, "cannot list finished items") }
        var removed = 0
        for name in names.dropFirst(reuseReserve) {
            do {
                try done.remove(name)
            } catch {
                throw InboxError(error, "cannot delete a finished item", itemID: ItemName.parse(name).id)
            }
            removed += 1
        }
        return removed
    }

    /// Stores the results of one bucket as one record file, durably.
    private func storeResults(_ batch: [Completion], in bucket: String) throws(InboxError) {
        let folder = try resultFolder(bucket, for: batch[0].claim.id)
        let bytes = RecordFile.encode(batch.map { ($0.claim.id, $0.result) })
        let staged: String
        do {
            staged = try DurableFile.stage(bytes, in: folder, hint: "results")
        } catch {
            throw InboxError(error, "cannot store \(batch.count) results", itemID: batch[0].claim.id)
        }
        var placed = false
        defer { if !placed { try? folder.remove(staged) } }
        while !placed {
            do {
                try folder.moveNoReplace(staged, to: folder, as: RecordFile.freshName(now: Date().timeIntervalSince1970, count: batch.count))
                placed = true
            } catch where error.code == .alreadyExists {
                continue  // 64 random bits collided: draw another name
            } catch {
                throw InboxError(error, "cannot store \(batch.count) results", itemID: batch[0].claim.id)
            }
        }
        do {
            try folder.sync()
        } catch {
            throw fault.trip(error, "cannot make \(batch.count) results durable", itemID: batch[0].claim.id)
        }
    }

    /// The folder of `bucket`, created when missing. The first time this object uses a bucket,
    /// the results folder is fsynced too, so that the bucket's own entry is durable before any
    /// result in it is acknowledged (it may have been created by a process that died before
    /// syncing it).
    private func resultFolder(_ bucket: String, for id: String) throws(InboxError) -> Directory {
        let folder: Directory
        do {
            folder = try Directory(path: resultsDirectory + "/" + bucket, create: true)
        } catch {
            throw InboxError(error, "cannot open the result folder", itemID: id)
        }
        guard syncedBuckets.withLock({ !$0.contains(bucket) }) else { return folder }
        do { try results.sync() } catch { throw fault.trip(error, "cannot make a result folder durable") }
        syncedBuckets.withLock { known in
            if known.count > 64 { known.removeAll() }  // old days are not written again
            known.insert(bucket)
        }
        return folder
    }

    public func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError) {
        try fault.check()
        if permanent || claim.attempt >= maxAttempts {
            try moveToDead(claim, reason: reason)
        } else {
            try move(claim, toReadyAs: claim.token)
        }
    }

    public func release(_ claim: Claim) throws(InboxError) {
        try fault.check()
        try move(claim, toReadyAs: ItemName.make(id: claim.id, attempts: claim.attempt - 1))
    }

    /// Returns a claimed item to `new/` under `name`, unlocked once it is there (not before:
    /// an unlocked file in `cur/` is one the reaper may take as abandoned).
    private func move(_ claim: Claim, toReadyAs name: String) throws(InboxError) {
        do {
            try cur.moveNoReplace(claim.token, to: new, as: name)
        } catch where error.code == .alreadyExists {
            // The same id was delivered again meanwhile: the ready copy will be processed.
            try? cur.remove(claim.token)
        } catch {
            throw InboxError(error, "cannot return an item to the ready items", itemID: claim.id)
        }
        do {
            try new.sync()
            try cur.sync()
        } catch {
            throw fault.trip(error, "cannot make a returned item durable", itemID: claim.id)
        }
        claim.unlock()
    }

    func moveToDead(_ claim: Claim, reason: String) throws(InboxError) {
        let report = "item: \(claim.id)\nattempts: \(claim.attempt)\nreason: \(reason)\n"
        do {
            try DurableFile.replace(claim.id + ".err", in: dead, with: Array(report.utf8))
            try cur.moveReplacing(claim.token, to: dead, as: claim.id)
        } catch {
            throw InboxError(error, "cannot move an item to the dead letters", itemID: claim.id)
        }
        do {
            try dead.sync()
            try cur.sync()
        } catch {
            throw fault.trip(error, "cannot make a dead letter durable", itemID: claim.id)
        }
        claim.unlock()
    }
}
