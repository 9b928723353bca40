import Durable
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The default ``Inbox``: a Maildir-style queue in one directory, shared safely by threads and
/// by processes on one host.
///
/// Layout under `directory`: `tmp/` (staging), `new/` (ready), `cur/` (claimed), `dead/` (dead
/// letters, each beside a `.err` file saying why), `done/` (finished items waiting to be
/// deleted by ``sweep()``). Results go to `results/<bucket>/`, a record file (``RecordFile``) per
/// completed batch.
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
    let done: Directory
    let results: Directory
    /// Set by the first failed fsync; see ``InboxError/Code-swift.struct/broken``.
    let fault = FaultLatch()
    /// Names of `new/` from the last listing not yet tried, in random order: a claim takes the
    /// next one, and `new/` is listed again only when they run out, so draining n ready items
    /// lists the folder about once, not n times.
    private let unclaimed = Mutex<[String]>([])
    /// Items moved to `done/` since the last sweep by this object, and whether a sweep runs.
    let sweeping = Mutex<(setAside: Int, running: Bool)>((0, false))
    /// Past this many finished items not yet deleted, completion sweeps them itself, so `done/`
    /// stays bounded under a load that never lets the workers idle.
    public let sweepBacklog: Int
    /// Result buckets whose entry in the results folder this object has made durable.
    let syncedBuckets = Mutex<Set<String>>([])
    /// Finished items ``sweep()`` leaves in `done/` for enqueue to overwrite (see
    /// ``enqueue(_:)``): enough to cover the bursts of a fetch round, a few megabytes of disk.
    public let reuseReserve: Int
    /// Names of `done/` from the last listing not yet tried, and the modification time of
    /// `done/` before that listing: once the names are used up, the folder is listed again only
    /// if that time has changed (something was finished or taken since) or this object has
    /// finished items since (the time has a granularity of milliseconds). So enqueueing while
    /// nothing is finished costs one `fstat` a file, not a listing, and names that could not
    /// be taken (still locked) are not tried over and over.
    let finished = Mutex<(names: [String], listedAt: timespec?)>(([], nil))

    /// Opens the queue at `directory`, creating its folders when missing.
    public init(
        directory: String, resultsDirectory: String, maxAttempts: Int = 5, sweepBacklog: Int = 20_000,
        reuseReserve: Int = 4_096
    ) throws(InboxError) {
        self.directory = directory
        self.sweepBacklog = sweepBacklog
        self.reuseReserve = max(0, min(reuseReserve, sweepBacklog))
        self.resultsDirectory = resultsDirectory
        self.maxAttempts = max(1, maxAttempts)
        do {
            tmp = try Directory(path: directory + "/tmp", create: true)
            new = try Directory(path: directory + "/new", create: true)
            cur = try Directory(path: directory + "/cur", create: true)
            dead = try Directory(path: directory + "/dead", create: true)
            done = try Directory(path: directory + "/done", create: true)
            results = try Directory(path: resultsDirectory, create: true)
        } catch {
            throw InboxError(error, "cannot open the inbox at \(directory)")
        }
    }

    // MARK: - Enqueue

    /// Group commit: every item is written to a hidden file in `tmp/`, the files are fsynced
    /// together, renamed into `new/` under their ids, and one fsync of `new/` makes every rename
    /// durable at once.
    ///
    /// A finished item waiting in `done/` is overwritten rather than a new file created (it is
    /// locked and moved to `tmp/` first, so nobody else touches it). Why: creating a file and
    /// freeing one are the two dearest steps on a file system without a journal mounted with
    /// `discard` (the creation waits for the inode blocks that earlier fsyncs are writing back;
    /// the freeing discards the blocks at once): measured at up to 950 µs a creation, against
    /// about 30 µs for taking over a finished file, and the sweep then has nothing to free.
    public func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String] {
        try fault.check()
        var staged: [(id: String, temporary: String)] = []
        var moved = 0  // the staged files before this one were renamed into new/ or removed
        defer { for entry in staged.dropFirst(moved) { try? tmp.remove(entry.temporary) } }
        var batch: [InboxItem] = []
        var batchIDs = Set<String>()
        // Items found queued already, perhaps by a process that renamed them into place and has
        // not fsynced the folder yet: the caller counts them as delivered, so their names are made
        // durable here before this returns (below), or a power cut could lose what the caller's
        // saved state says was delivered.
        var foundReady = false
        var foundDead = false
        var foundClaimed = false
        for item in items {
            guard InboxItem.isValidID(item.id) else {
                throw InboxError(code: .corrupt, message: "invalid item id", itemID: item.id)
            }
            if !batchIDs.insert(item.id).inserted { continue }
            if let folder = queuedFolder(item.id) {
                if folder === dead { foundDead = true } else { foundReady = true }
                continue
            }
            batch.append(item)
        }
        // Claimed items are listed after the ready ones were looked for: an item claimed in
        // between has left new/ for cur/ and is found here.
        if !batch.isEmpty {
            let claimed = try claimedIDs()
            let count = batch.count
            batch.removeAll { claimed.contains($0.id) }
            foundClaimed = batch.count < count
        }
        let reused = try takeFinished(for: batch.map(\.id))
        do {
            let names = try DurableFile.stageAll(batch.map { ($0.id, $0.payload) }, in: tmp, reusing: reused)
            staged = zip(batch, names).map { ($0.id, $1) }
        } catch {
            throw InboxError(error, "cannot stage \(batch.count) items", itemID: batch.first?.id)
        }
        var accepted: [String] = []
        for entry in staged {
            do {
                try tmp.moveNoReplace(entry.temporary, to: new, as: entry.id)
                accepted.append(entry.id)
            } catch where error.code == .alreadyExists {
                try? tmp.remove(entry.temporary)  // delivered meanwhile by another fetcher
                foundReady = true
            } catch {
                throw InboxError(error, "cannot make an item ready", itemID: entry.id)
            }
            moved += 1
        }
        if !accepted.isEmpty || foundReady {
            do {
                try new.sync()
            } catch {
                // The renames may not survive a crash, and a later fsync could report success
                // without them: take them back, and refuse all further work.
                for id in accepted { try? new.remove(id) }
                let what = accepted.isEmpty ? "the items found ready" : "\(accepted.count) items"
                throw fault.trip(error, "cannot make \(what) durable")
            }
        }
        do {
            if foundDead { try dead.sync() }
            if foundClaimed { try cur.sync() }
        } catch {
            throw fault.trip(error, "cannot make the items found queued already durable")
        }
        return accepted
    }

    /// Finished items' files for the first of `ids`, each locked and moved to `tmp/` under a
    /// fresh hidden name, for enqueue to overwrite; as many as there are, up to one per id.
    ///
    /// Before any is overwritten, the moves that brought it there are made durable: `tmp/` is
    /// fsynced, and `cur/` too, since completion moved the claim out of `cur/` without an
    /// fsync. Otherwise a power cut could bring a completed claim back to `cur/` holding
    /// another item's bytes (the crash-state test found this), and recovery would retry it
    /// with them. On a file system without a journal each folder is written on its own,
    /// hence both.
    private func takeFinished(for ids: [String]) throws(InboxError) -> [(fd: Int32, name: String)] {
        var taken: [(fd: Int32, name: String)] = []
        while taken.count < ids.count, let file = takeFinished(hint: ids[taken.count]) { taken.append(file) }
        guard !taken.isEmpty else { return [] }
        do {
            try tmp.sync()
            try cur.sync()
            // done/ too: on a file system without a journal each folder reaches the disk on its
            // own, and a power cut that kept the old name there would leave the file with two
            // names, the next reuse writing over the item it now holds.
            try done.sync()
        } catch {
            for file in taken { close(file.fd) }  // left in tmp/, removed with stale staging files
            throw fault.trip(error, "cannot make the reuse of \(taken.count) finished items durable")
        }
        return taken
    }

    /// A finished item's file, locked and moved to `tmp/` under a fresh hidden name, for
    /// enqueue to overwrite; nil when there is none to take.
    private func takeFinished(hint: String) -> (fd: Int32, name: String)? {
        while let name = nextFinished() {
            let fd = openat(done.fd, name, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }  // swept, or taken by another process
            var keep = false
            defer { if !keep { unlockAndClose(fd) } }
            // The worker that finished it may still hold its claim's lock for a moment.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            var opened = stat()
            var listed = stat()
            // One name only: a file that also has another (left so by a power cut, see above) may
            // hold a queued item.
            guard fstat(fd, &opened) == 0, opened.st_nlink == 1,
                fstatat(done.fd, name, &listed, AT_SYMLINK_NOFOLLOW) == 0, opened.st_ino == listed.st_ino
            else { continue }
            // A staged file whose modification time is an hour old looks abandoned to the recovery
            // of a process starting meanwhile (``DurableFile/removeStaleTemporaries(in:olderThan:now:)``),
            // and a finished file may be hours old: renaming keeps its time, so it is renewed first.
            futimens(fd, nil)
            let temporary = DurableFile.temporaryName(hint: hint)
            guard (try? done.moveNoReplace(name, to: tmp, as: temporary)) != nil else { continue }
            // The name may have changed files since the check above (a second copy of the item
            // finished meanwhile, replacing it): what was moved must be the file locked here.
            var moved = stat()
            guard fstatat(tmp.fd, temporary, &moved, AT_SYMLINK_NOFOLLOW) == 0, moved.st_ino == opened.st_ino else {
                try? tmp.remove(temporary)  // the other finished copy, which nobody needs
                continue
            }
            // Under its hidden name nobody else looks for it: the lock has done its work. Dropped
            // now rather than by the close after staging, since a child process being spawned
            // meanwhile holds a copy of the descriptor, and the lock with it, until its exec; the
            // item would then look claimed to the workers that find it in new/.
            flock(fd, LOCK_UN)
            keep = true
            return (fd, temporary)
        }
        return nil
    }

    /// Lets go of a file this process may have locked: the lock is dropped explicitly, since a
    /// child process being spawned may hold a copy of the descriptor (and the lock) until its exec.
    func unlockAndClose(_ fd: Int32) {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The next name of `done/` to try, listing the folder again when the last listing is used up.
    private func nextFinished() -> String? {
        finished.withLock { state in
            if let name = state.names.popLast() { return name }
            var folder = stat()
            guard fstat(done.fd, &folder) == 0 else { return nil }
            if let listed = state.listedAt, listed.tv_sec == folder.st_mtim.tv_sec,
                listed.tv_nsec == folder.st_mtim.tv_nsec
            {
                return nil
            }
            state.listedAt = folder.st_mtim
            state.names = (try? done.names()) ?? []
            return state.names.popLast()
        }
    }

    /// The ids claimed now, from one listing of `cur/` (which holds only the items in flight).
    /// Cheaper than looking for each item under every attempt count it could be claimed at.
    func claimedIDs() throws(InboxError) -> Set<String> {
        do {
            return Set(try cur.names().map { ItemName.parse($0).id })
        } catch {
            throw InboxError(error, "cannot list claimed items")
        }
    }

    /// Where `id` waits: ready (`new/`, fresh or waiting for a retry under any attempt count) or
    /// dead (`dead/`); nil when in neither. ``claimedIDs()`` covers the claimed. A second delivery
    /// of such an item must not create a second one.
    func queuedFolder(_ id: String) -> Directory? {
        if new.contains(id) { return new }
        if dead.contains(id) { return dead }
        for attempt in 1...(maxAttempts + 1) where new.contains(ItemName.make(id: id, attempts: attempt)) {
            return new
        }
        return nil
    }

    // MARK: - Claim

    public func claim() throws(InboxError) -> Claim? {
        try claimAll(upTo: 1).first
    }

    /// Group claim: each item is locked and renamed into `cur/` on its own, then one fsync of
    /// `cur/` makes every rename of the batch durable before any claim is handed out. A worker
    /// taking 32 items pays one fsync instead of 32.
    public func claimAll(upTo limit: Int) throws(InboxError) -> [Claim] {
        try fault.check()
        var claims: [Claim] = []
        var listed = false
        taking: while claims.count < limit {
            while claims.count < limit, let name = unclaimed.withLock({ $0.popLast() }) {
                // A name may be gone (claimed by another process, or completed): try the next.
                if let claim = try tryClaim(name) { claims.append(claim) }
            }
            // One fresh listing per call at most: if every name of it is taken, nothing is ready for us.
            if claims.count >= limit || listed { break taking }
            listed = true
            var names: [String]
            do { names = try new.names() } catch { throw InboxError(error, "cannot list ready items") }
            if names.isEmpty { break taking }
            // Random order, so that processes sharing the inbox rarely race for the same file.
            names.shuffle()
            unclaimed.withLock { $0 = names }
        }
        guard !claims.isEmpty else { return [] }
        do {
            try cur.sync()
        } catch {
            throw fault.trip(error, "cannot make a claim durable", itemID: claims[0].id)
        }
        var held: [Claim] = []
        for claim in claims {
            if claim.attempt > maxAttempts {
                try moveToDead(claim, reason: "gave up after \(maxAttempts) attempts (the worker died each time)")
            } else {
                held.append(claim)
            }
        }
        return held
    }

    /// Locks and renames one ready item into `cur/`; nil when someone else has it. The rename
    /// is not durable yet: ``claimAll(upTo:)`` fsyncs `cur/` once for the batch.
    private func tryClaim(_ name: String) throws(InboxError) -> Claim? {
        let fd = openat(new.fd, name, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            // Gone means taken by someone else meanwhile; anything else (no descriptors left,
            // no permission) is trouble to report, not an empty queue.
            let code = errno
            if code == ENOENT { return nil }
            let cause = FileError.fromErrno("open", path: new.pathOf(name), errno: code)
            throw InboxError(cause, "cannot open a ready item", itemID: ItemName.parse(name).id)
        }
        var keep = false
        defer { if !keep { unlockAndClose(fd) } }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            if code == EWOULDBLOCK { return nil }  // another claimer holds it
            let cause = FileError.fromErrno("flock", path: new.pathOf(name), errno: code)
            throw InboxError(cause, "cannot lock a ready item", itemID: ItemName.parse(name).id)
        }
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
        let payload: [UInt8]
        do {
            lseek(fd, 0, SEEK_SET)
            payload = try readWholeFile(fd, path: cur.pathOf(claimedName))
        } catch {
            throw InboxError(error, "cannot read a claimed item", itemID: id)
        }
        keep = true
        return Claim(id: id, payload: payload, attempt: attempt, token: claimedName, fd: fd)
    }
}
