import Durable

#if canImport(Glibc)
import Glibc
#endif

extension FileInbox {
    public func recover() throws(InboxError) -> InboxRecovery {
        try fault.check()
        var report = InboxRecovery()
        let names: [String]
        do { names = try cur.names() } catch { throw InboxError(error, "cannot list claimed items") }
        for name in names {
            let fd = openat(cur.fd, name, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else {
                // Gone meanwhile (completed, or taken by another reaper) is the usual case.
                let code = errno
                if code != ENOENT { report.unopenable.append("\(name): \(String(cString: strerror(code)))") }
                continue
            }
            defer { unlockAndClose(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // its holder is alive
            // Still the file under that name: it may have been finished meanwhile and the name
            // taken by a new claim of the same item, whose holder is alive.
            var opened = stat()
            var listed = stat()
            guard fstat(fd, &opened) == 0, fstatat(cur.fd, name, &listed, AT_SYMLINK_NOFOLLOW) == 0,
                opened.st_ino == listed.st_ino
            else { continue }
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
                throw fault.trip(error, "cannot make recovered items durable")
            }
        }
        // A producer that died after staging never acknowledged its items and will fetch them again.
        let now = Double(time(nil))
        DurableFile.removeStaleTemporaries(in: tmp, olderThan: 3600, now: now)
        removeStaleResultTemporaries(now: now)
        report.swept = try sweep()
        return report
    }

    /// A worker killed while storing results leaves hidden staging files in the bucket folders.
    /// Only folders changed in the last two days are looked at (a worker writes to recent days),
    /// so the cost does not grow with the months of results kept.
    private func removeStaleResultTemporaries(now: Double) {
        guard let buckets = try? results.names() else { return }
        for bucket in buckets {
            guard let changed = results.modificationTime(bucket), now - changed < 2 * 86_400,
                let folder = try? Directory(path: resultsDirectory + "/" + bucket)
            else { continue }
            DurableFile.removeStaleTemporaries(in: folder, olderThan: 3600, now: now)
        }
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
        (try? result(id, bucket: bucket)) != nil
    }

    /// The first result stored for `id`: its one-record file of an earlier release, else its
    /// record in the earliest record file. Reads the whole bucket; for tests and operators.
    public func result(_ id: String, bucket: String) throws(InboxError) -> [UInt8]? {
        guard results.contains(bucket) else { return nil }
        do {
            let folder = try Directory(path: resultsDirectory + "/" + bucket)
            let (single, grouped) = try RecordFile.names(in: folder)
            if single.contains(id + ".json") { return try folder.read(id + ".json") }
            for name in grouped {
                let bytes = try folder.read(name)
                if let entry = RecordFile.parse(bytes).entries.first(where: { $0.id == id }) {
                    return Array(bytes[entry.range])
                }
            }
            return nil
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw InboxError(error, "cannot read a result", itemID: id)
        }
    }
}
