import Durable

extension FileInbox {
    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        try fault.check()
        let folder: Directory
        do {
            folder = try Directory(path: resultsDirectory + "/" + bucket, create: true)
        } catch {
            throw InboxError(error, "cannot open the result folder", itemID: claim.id)
        }
        let name = claim.id + ".json"
        if !folder.contains(name) {
            do {
                try DurableFile.create(name, in: folder, with: result)
            } catch where error.operation == FileError.directorySync {
                throw fault.trip(error, "cannot make a result durable", itemID: claim.id)
            } catch {
                throw InboxError(error, "cannot store a result", itemID: claim.id)
            }
            // The bucket folder itself may be new.
            do { try results.sync() } catch { throw fault.trip(error, "cannot make a result folder durable") }
        }
        do {
            try cur.remove(claim.name)
        } catch {
            throw InboxError(error, "cannot remove a completed claim", itemID: claim.id)
        }
        do { try cur.sync() } catch { throw fault.trip(error, "cannot make a completion durable", itemID: claim.id) }
    }

    public func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError) {
        try fault.check()
        if permanent || claim.attempt >= maxAttempts {
            try moveToDead(claim, reason: reason)
        } else {
            try move(claim, toReadyAs: claim.name)
        }
    }

    public func release(_ claim: Claim) throws(InboxError) {
        try fault.check()
        try move(claim, toReadyAs: ItemName.make(id: claim.id, attempts: claim.attempt - 1))
    }

    /// Returns a claimed item to `new/` under `name`.
    private func move(_ claim: Claim, toReadyAs name: String) throws(InboxError) {
        do {
            try cur.moveNoReplace(claim.name, to: new, as: name)
        } catch where error.code == .alreadyExists {
            // The same id was delivered again meanwhile: the ready copy will be processed.
            try? cur.remove(claim.name)
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
            try cur.moveReplacing(claim.name, to: dead, as: claim.id)
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
