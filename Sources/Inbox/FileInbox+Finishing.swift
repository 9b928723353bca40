import Durable

extension FileInbox {
    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try completeAll([Completion(claim: claim, result: result, bucket: bucket)])
    }

    /// Group commit for workers: the results of a batch are written and synced together, each
    /// renamed into place under its id (an existing result wins: exactly once), each bucket
    /// folder fsynced once; only then are the claims moved out of `cur/` into `done/`.
    ///
    /// Why `done/` and not unlink: freeing a file is the dearest step of all where the file
    /// system discards freed blocks at once (ext4 mounted with `discard`): measured at about a
    /// third of a worker's time per item. ``sweep()`` deletes them when the workers are idle.
    /// Why no fsync of `cur/` after the moves: a crash that undoes one brings the claim back,
    /// the reaper returns it to `new/`, and finishing it again finds its result and stores
    /// nothing twice; the results, which are the promise, were durable before the first move.
    public func completeAll(_ completions: [Completion]) throws(InboxError) {
        try fault.check()
        guard !completions.isEmpty else { return }
        var buckets: [String] = []
        for completion in completions where !buckets.contains(completion.bucket) { buckets.append(completion.bucket) }
        var created = false
        for bucket in buckets {
            let batch = completions.filter { $0.bucket == bucket }
            created = try storeResults(batch, in: bucket) || created
        }
        if created {
            // A bucket folder itself may be new.
            do { try results.sync() } catch { throw fault.trip(error, "cannot make a result folder durable") }
        }
        for completion in completions {
            do {
                try cur.moveReplacing(completion.claim.token, to: done, as: completion.claim.token)
            } catch {
                throw InboxError(error, "cannot set a completed claim aside", itemID: completion.claim.id)
            }
        }
        let backlog = sweeping.withLock { state in
            state.setAside += completions.count
            return state.setAside
        }
        if backlog > sweepBacklog { _ = try sweep() }
    }

    /// Deletes the finished items that completion moved to `done/`; returns how many. Workers
    /// call it when the inbox has nothing ready, and ``recover()`` after a crash. One sweep at
    /// a time per inbox object; a call while one runs returns 0 at once. Several processes may
    /// sweep together: a name another one deleted first is skipped.
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
        for name in names {
            do {
                try done.remove(name)
            } catch {
                throw InboxError(error, "cannot delete a finished item", itemID: ItemName.parse(name).id)
            }
            removed += 1
        }
        return removed
    }

    /// Stores the results of one bucket; returns whether any file was created.
    private func storeResults(_ batch: [Completion], in bucket: String) throws(InboxError) -> Bool {
        let folder: Directory
        do {
            folder = try Directory(path: resultsDirectory + "/" + bucket, create: true)
        } catch {
            throw InboxError(error, "cannot open the result folder", itemID: batch[0].claim.id)
        }
        let missing = batch.filter { !folder.contains($0.claim.id + ".json") }
        guard !missing.isEmpty else { return false }
        let staged: [String]
        do {
            staged = try DurableFile.stageAll(missing.map { ($0.claim.id, $0.result) }, in: folder)
        } catch {
            throw InboxError(error, "cannot store \(missing.count) results", itemID: missing[0].claim.id)
        }
        var placed = 0
        defer { for name in staged.dropFirst(placed) { try? folder.remove(name) } }
        for (completion, name) in zip(missing, staged) {
            do {
                try folder.moveNoReplace(name, to: folder, as: completion.claim.id + ".json")
            } catch where error.code == .alreadyExists {
                try? folder.remove(name)  // stored meanwhile by another worker: keep that one
            } catch {
                throw InboxError(error, "cannot store a result", itemID: completion.claim.id)
            }
            placed += 1
        }
        do {
            try folder.sync()
        } catch {
            throw fault.trip(error, "cannot make \(missing.count) results durable", itemID: missing[0].claim.id)
        }
        return true
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

    /// Returns a claimed item to `new/` under `name`.
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
    }
}
