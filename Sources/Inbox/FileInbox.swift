import Durable

#if canImport(Glibc)
import Glibc
#endif

/// The default ``Inbox``: a Maildir-style queue in one directory, shared safely by threads and
/// by processes on one host.
///
/// Layout under `directory`: `tmp/` (staging), `new/` (ready), `cur/` (claimed), `dead/` (dead
/// letters, each beside a `.err` file saying why). Results go to `results/<bucket>/<id>.json`.
/// ARCHITECTURE.md gives the protocol and why each step is there.
public final class FileInbox: Inbox {
    public let directory: String
    public let resultsDirectory: String
    /// Attempts an item gets before it becomes a dead letter; counted when it is claimed, so an
    /// item that crashes its worker every time still ends in `dead/`.
    public let maxAttempts: Int

    let tmp: Directory
    let new: Directory
    let cur: Directory
    let dead: Directory
    let results: Directory

    /// Opens the queue at `directory`, creating its folders when missing.
    public init(directory: String, resultsDirectory: String, maxAttempts: Int = 5) throws(InboxError) {
        self.directory = directory
        self.resultsDirectory = resultsDirectory
        self.maxAttempts = max(1, maxAttempts)
        do {
            tmp = try Directory(path: directory + "/tmp", create: true)
            new = try Directory(path: directory + "/new", create: true)
            cur = try Directory(path: directory + "/cur", create: true)
            dead = try Directory(path: directory + "/dead", create: true)
            results = try Directory(path: resultsDirectory, create: true)
        } catch {
            throw InboxError(error, "cannot open the inbox at \(directory)")
        }
    }

    // MARK: - Enqueue

    public func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String] {
        // Group commit: stage and fsync every file first, rename them all, then one fsync of
        // new/ makes every rename durable at once.
        var staged: [(id: String, temporary: String)] = []
        defer { for entry in staged { try? tmp.remove(entry.temporary) } }
        for item in items {
            guard InboxItem.isValidID(item.id) else {
                throw InboxError(code: .corrupt, message: "invalid item id", itemID: item.id)
            }
            if new.contains(item.id) { continue }
            do {
                staged.append((item.id, try DurableFile.stage(item.payload, in: tmp, hint: item.id)))
            } catch {
                throw InboxError(error, "cannot stage an item", itemID: item.id)
            }
        }
        var accepted: [String] = []
        for entry in staged {
            do {
                try tmp.moveNoReplace(entry.temporary, to: new, as: entry.id)
                accepted.append(entry.id)
            } catch where error.code == .alreadyExists {
                continue
            } catch {
                throw InboxError(error, "cannot make an item ready", itemID: entry.id)
            }
        }
        staged.removeAll()
        if !accepted.isEmpty {
            do { try new.sync() } catch { throw InboxError(error, "cannot make \(accepted.count) items durable") }
        }
        return accepted
    }

    // MARK: - Claim

    public func claim() throws(InboxError) -> Claim? {
        let names: [String]
        do { names = try new.names() } catch { throw InboxError(error, "cannot list ready items") }
        guard !names.isEmpty else { return nil }
        // Start at a random place so that concurrent workers rarely race for the same file.
        let start = Int.random(in: 0..<names.count)
        for offset in 0..<names.count {
            if let claim = try tryClaim(names[(start + offset) % names.count]) { return claim }
        }
        return nil
    }

    private func tryClaim(_ name: String) throws(InboxError) -> Claim? {
        let fd = openat(new.fd, name, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }  // taken by someone else meanwhile
        var keep = false
        defer { if !keep { close(fd) } }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
        // The file we locked must still be the one in new/: another worker may have claimed
        // and finished it between our listing and our open.
        var opened = stat()
        var listed = stat()
        guard fstat(fd, &opened) == 0, fstatat(new.fd, name, &listed, AT_SYMLINK_NOFOLLOW) == 0,
            opened.st_ino == listed.st_ino
        else { return nil }

        let (id, previous) = ItemName.parse(name)
        let attempt = previous + 1
        let claimedName = ItemName.make(id: id, attempts: attempt)
        do {
            try new.moveNoReplace(name, to: cur, as: claimedName)
        } catch where error.code == .notFound || error.code == .alreadyExists {
            return nil
        } catch {
            throw InboxError(error, "cannot claim an item", itemID: id)
        }
        do { try cur.sync() } catch { throw InboxError(error, "cannot make a claim durable", itemID: id) }
        let payload: [UInt8]
        do {
            lseek(fd, 0, SEEK_SET)
            payload = try readWholeFile(fd, path: cur.pathOf(claimedName))
        } catch {
            throw InboxError(error, "cannot read a claimed item", itemID: id)
        }
        keep = true
        let claim = Claim(id: id, payload: payload, attempt: attempt, name: claimedName, fd: fd)
        if attempt > maxAttempts {
            try moveToDead(claim, reason: "gave up after \(maxAttempts) attempts (the worker died each time)")
            return nil
        }
        return claim
    }

    // MARK: - Finish

    public func complete(_ claim: Claim, result: [UInt8], bucket: String) throws(InboxError) {
        do {
            let folder = try Directory(path: resultsDirectory + "/" + bucket, create: true)
            if !folder.contains(claim.id + ".json") {
                try DurableFile.create(claim.id + ".json", in: folder, with: result)
                try results.sync()  // the bucket folder itself may be new
            }
            try cur.remove(claim.name)
            try cur.sync()
        } catch {
            throw InboxError(error, "cannot complete an item", itemID: claim.id)
        }
    }

    public func fail(_ claim: Claim, reason: String, permanent: Bool) throws(InboxError) {
        if permanent || claim.attempt >= maxAttempts {
            try moveToDead(claim, reason: reason)
            return
        }
        do {
            try cur.moveNoReplace(claim.name, to: new, as: claim.name)
            try new.sync()
            try cur.sync()
        } catch where error.code == .alreadyExists {
            // The same id was delivered again meanwhile: the ready copy will be processed.
            try? cur.remove(claim.name)
        } catch {
            throw InboxError(error, "cannot return an item for retry", itemID: claim.id)
        }
    }

    private func moveToDead(_ claim: Claim, reason: String) throws(InboxError) {
        do {
            let report = "item: \(claim.id)\nattempts: \(claim.attempt)\nreason: \(reason)\n"
            try DurableFile.replace(claim.id + ".err", in: dead, with: Array(report.utf8))
            try cur.moveReplacing(claim.name, to: dead, as: claim.id)
            try dead.sync()
            try cur.sync()
        } catch {
            throw InboxError(error, "cannot move an item to the dead letters", itemID: claim.id)
        }
    }

    // MARK: - Recovery and inspection

    public func recover() throws(InboxError) -> InboxRecovery {
        var report = InboxRecovery()
        let names: [String]
        do { names = try cur.names() } catch { throw InboxError(error, "cannot list claimed items") }
        for name in names {
            let fd = openat(cur.fd, name, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // its holder is alive
            do {
                try cur.moveNoReplace(name, to: new, as: name)
                report.requeued += 1
            } catch where error.code == .alreadyExists {
                try? cur.remove(name)
                report.dropped += 1
            } catch where error.code == .notFound {
                continue
            } catch {
                throw InboxError(error, "cannot return an abandoned item", itemID: ItemName.parse(name).id)
            }
        }
        if report.requeued + report.dropped > 0 {
            do {
                try new.sync()
                try cur.sync()
            } catch {
                throw InboxError(error, "cannot make recovered items durable")
            }
        }
        // A producer that died after staging never acknowledged its items and will fetch them again.
        DurableFile.removeStaleTemporaries(in: tmp, olderThan: 3600, now: Double(time(nil)))
        return report
    }

    public func depths() throws(InboxError) -> InboxDepths {
        do {
            return InboxDepths(
                staging: try tmp.entries().count,
                ready: try new.names().count,
                claimed: try cur.names().count,
                dead: try dead.names().filter { !$0.hasSuffix(".err") }.count
            )
        } catch {
            throw InboxError(error, "cannot count the inbox")
        }
    }

    public func hasResult(_ id: String, bucket: String) -> Bool {
        results.contains(bucket + "/" + id + ".json")
    }
}
