import Durable

#if canImport(Glibc)
import Glibc
#endif

extension FileInbox {
    /// The items of `folder`, oldest first.
    public func list(_ folder: InboxFolder, now: Double) throws(InboxError) -> [InboxEntry] {
        let directory = self.directory(folder)
        let names: [String]
        do { names = try directory.names() } catch { throw InboxError(error, "cannot list \(folder.rawValue) items") }
        return names.filter { !$0.hasSuffix(".err") }.map { name in
            let (id, attempts) = ItemName.parse(name)
            return InboxEntry(
                id: id, folder: folder, attempts: attempts, age: now - (directory.modificationTime(name) ?? now),
                reason: folder == .dead ? deadReason(id) : nil
            )
        }.sorted { $0.age > $1.age }
    }

    /// The payload of item `id`, wherever it is in the queue.
    public func payload(of id: String) throws(InboxError) -> (entry: InboxEntry, payload: [UInt8])? {
        for folder in InboxFolder.allCases {
            guard let entry = try list(folder, now: Double(time(nil))).first(where: { $0.id == id }) else { continue }
            let name = folder == .dead ? id : ItemName.make(id: id, attempts: entry.attempts)
            do {
                return (entry, try self.directory(folder).read(name))
            } catch {
                throw InboxError(error, "cannot read an item", itemID: id)
            }
        }
        return nil
    }

    /// Moves dead letter `id` back to the ready items with a fresh attempt count.
    ///
    /// - Returns: false when there is no such dead letter.
    @discardableResult
    public func requeueDead(_ id: String) throws(InboxError) -> Bool {
        try fault.check()
        guard dead.contains(id) else { return false }
        do {
            try dead.moveNoReplace(id, to: new, as: id)
        } catch where error.code == .alreadyExists {
            try? dead.remove(id)  // the same item is already ready again
        } catch {
            throw InboxError(error, "cannot requeue a dead letter", itemID: id)
        }
        do {
            try new.sync()
            try dead.remove(id + ".err")
            try dead.sync()
        } catch where error.operation == FileError.directorySync {
            throw fault.trip(error, "cannot make a requeued item durable", itemID: id)
        } catch {
            throw InboxError(error, "cannot requeue a dead letter", itemID: id)
        }
        return true
    }

    /// Removes a dead letter and the note of why it died (retention); false when there is none.
    @discardableResult
    public func removeDead(_ id: String) throws(InboxError) -> Bool {
        try fault.check()
        guard dead.contains(id) else { return false }
        do {
            try dead.remove(id)
            if dead.contains(id + ".err") { try dead.remove(id + ".err") }
        } catch {
            throw InboxError(error, "cannot remove a dead letter", itemID: id)
        }
        return true
    }

    private func directory(_ folder: InboxFolder) -> Directory {
        switch folder {
        case .ready: return new
        case .claimed: return cur
        case .dead: return dead
        }
    }

    private func deadReason(_ id: String) -> String? {
        guard let bytes = try? dead.read(id + ".err") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix("reason: ") }.map { String($0.dropFirst(8)) }
    }
}
