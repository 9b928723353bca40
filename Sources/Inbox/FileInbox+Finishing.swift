import Durable

extension FileInbox {
    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try completeAll([Completion(claim: claim, result: result, bucket: bucket)])
    }

    /// Group commit for workers: the results of a batch are written and fsynced together, each
    /// renamed into place under its id (an existing result wins: exactly once), each bucket
    /// folder fsynced once; only then are the claims removed, with one fsync of `cur/`. A crash
    /// before that last fsync can bring a claim back; its result exists, so finishing it again
    /// stores nothing twice.
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
                try cur.remove(completion.claim.token)
            } catch {
                throw InboxError(error, "cannot remove a completed claim", itemID: completion.claim.id)
            }
        }
        do {
            try cur.sync()
        } catch {
            throw fault.trip(
                error, "cannot make \(completions.count) completions durable", itemID: completions[0].claim.id)
        }
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
