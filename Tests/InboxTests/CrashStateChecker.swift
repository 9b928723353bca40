import Durable
import Foundation
import Inbox

/// Checks one crash state: what a worker could read in it, then recovery, then a full drain.
///
/// Each check returns the problems it found, in words; an empty list means the state is fine.
struct CrashStateChecker {
    /// Every id the run offered to the queue.
    let offered: [String]
    /// Ids a worker fails permanently whenever it processes them.
    let poison: Set<String>

    /// Where a file of the state sits in the queue.
    private enum Place: Equatable { case staging, ready, claimed, dead, deadNote, finished, results, hidden, leaked, other }

    private static func place(of path: String) -> (place: Place, id: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 3, let name = parts.last else { return (.other, path) }
        if name.hasPrefix(".") { return (parts[1] == "new" || parts[1] == "cur" ? .leaked : .hidden, name) }
        let id = String(name.prefix { $0 != "," })
        switch (parts[0], parts[1]) {
        case ("inbox", "tmp"): return (.staging, name)
        case ("inbox", "new"): return (.ready, id)
        case ("inbox", "cur"): return (.claimed, id)
        case ("inbox", "done"): return (.finished, id)
        case ("inbox", "dead"): return name.hasSuffix(".err") ? (.deadNote, String(name.dropLast(4))) : (.dead, name)
        case ("classified", _): return name.hasSuffix(RecordFile.suffix) ? (.results, name) : (.other, name)
        default: return (.other, name)
        }
    }

    /// What a worker could read right after the crash, before any recovery.
    func checkVisible(_ state: DiskState, _ promises: Promises) -> [String] {
        var problems: [String] = []
        var copies: [String: Int] = [:]
        var results: [String: [[UInt8]]] = [:]
        // Sorted, so that each id's results come in the order a reader takes them.
        for path in state.files.keys.sorted() {
            let bytes = state.files[path]!
            let (place, id) = CrashStateChecker.place(of: path)
            switch place {
            case .staging, .hidden, .finished: continue
            case .leaked: problems.append("\(path): a staging file among the items")
            case .other: problems.append("\(path): a file no step of the protocol leaves there")
            case .ready, .claimed, .dead:
                copies[id, default: 0] += 1
                let attempts = place == .dead ? Int.max : Int(path.split(separator: "=").last ?? "") ?? 0
                if attempts < promises.attempts[id, default: 0] {
                    problems.append("\(path): attempt count back below \(promises.attempts[id, default: 0])")
                }
                if !offered.contains(id) { problems.append("\(path): an item nobody enqueued") }
                if bytes != CrashWorkload.payload(id) {
                    problems.append("\(path): \(bytes.count) bytes, not its payload")
                }
            case .deadNote:
                if !bytes.starts(with: Array("item: \(id)\n".utf8)) { problems.append("\(path): a torn note") }
            case .results:
                let file = RecordFile.parse(bytes)
                if file.damaged || file.entries.isEmpty { problems.append("\(path): a torn record file") }
                for entry in file.entries {
                    results[entry.id, default: []].append(Array(bytes[entry.range]))
                    if Array(bytes[entry.range]) != CrashWorkload.result(entry.id) {
                        problems.append("\(path): \(entry.range.count) bytes for \(entry.id), not its result")
                    }
                }
            }
        }
        for (id, count) in copies where count > 1 { problems.append("\(id) is in the queue \(count) times") }
        for id in promises.stored where copies[id, default: 0] + results[id, default: []].count == 0 {
            problems.append("\(id) was acknowledged as enqueued but is lost")
        }
        // An item may have a second result (finished again after a crash between its result and
        // its claim's move); readers keep the first, which must be the acknowledged one.
        for (id, result) in promises.completed where results[id]?.first != result {
            problems.append("\(id) was acknowledged as completed but its first result is not that one")
        }
        for id in promises.dead {
            // Ready again is fine only because a requeue may be under way at the crash point.
            let dead = state.files["inbox/dead/\(id)"] != nil && state.files["inbox/dead/\(id).err"] != nil
            if !dead && state.files["inbox/new/\(id)"] == nil {
                problems.append("\(id) was acknowledged as a dead letter but is not one (with its note)")
            }
        }
        return problems
    }

    /// Opens an inbox on the materialised state at `base`, recovers it, lets the producer send again
    /// what was not acknowledged, processes everything, and checks each item ended exactly once.
    func checkRecovery(at base: String, _ promises: Promises) -> [String] {
        var problems: [String] = []
        do {
            let inbox = try CrashWorkload.open(base)
            _ = try inbox.recover()
            if try inbox.depths().claimed != 0 { problems.append("recovery left claims behind") }
            let unacknowledged = offered.filter { !promises.stored.contains($0) }
            _ = try inbox.enqueue(unacknowledged.map { InboxItem(id: $0, payload: CrashWorkload.payload($0)) })
            for round in 0..<100 {
                var claims: [Claim] = []
                while let claim = try inbox.claim() { claims.append(claim) }
                if claims.isEmpty {
                    // A process another test starts holds a copy of this process's descriptors
                    // between its fork and its exec, and with them the lock of any claim open at
                    // that moment: the item looks held for a few milliseconds (longer on a busy
                    // machine). What is still ready is tried again after a pause.
                    if try inbox.depths().ready == 0 || round == 99 { break }
                    usleep(20_000)
                    continue
                }
                for claim in claims where claim.payload != CrashWorkload.payload(claim.id) {
                    problems.append("\(claim.id) was claimed with \(claim.payload.count) bytes, not its payload")
                }
                for claim in claims where poison.contains(claim.id) {
                    try inbox.fail(claim, reason: "unreadable again", permanent: true)
                }
                try inbox.completeAll(claims.filter { !poison.contains($0.id) }.map {
                    Completion(claim: $0, result: CrashWorkload.redone($0.id), bucket: CrashWorkload.bucket($0.id))
                })
            }
        } catch {
            return problems + ["recovery or draining failed: \(error)"]
        }
        return problems + checkDrained(at: base, promises)
    }

    private func checkDrained(at base: String, _ promises: Promises) -> [String] {
        var problems: [String] = []
        let files = FileManager.default
        for folder in ["new", "cur"] {
            let left = (try? files.contentsOfDirectory(atPath: "\(base)/inbox/\(folder)")) ?? []
            if !left.isEmpty { problems.append("\(folder)/ still holds \(left.sorted()) after draining") }
        }
        var stored: [String: [[UInt8]]] = [:]
        let buckets = (try? files.contentsOfDirectory(atPath: base + "/classified")) ?? []
        for bucket in buckets.sorted() {
            let names = (try? files.contentsOfDirectory(atPath: "\(base)/classified/\(bucket)")) ?? []
            for name in names.sorted() where name.hasSuffix(RecordFile.suffix) {
                guard let data = files.contents(atPath: "\(base)/classified/\(bucket)/\(name)") else { continue }
                let bytes = [UInt8](data)
                let file = RecordFile.parse(bytes)
                if file.damaged { problems.append("classified/\(bucket)/\(name) is torn after draining") }
                for entry in file.entries { stored[entry.id, default: []].append(Array(bytes[entry.range])) }
            }
        }
        for id in offered {
            let results = stored[id] ?? []
            let dead = files.fileExists(atPath: "\(base)/inbox/dead/\(id)")
            if poison.contains(id) {
                if !dead || !results.isEmpty { problems.append("\(id) should end as a dead letter only") }
                continue
            }
            if dead { problems.append("\(id) ended as a dead letter") }
            guard let result = results.first else {
                problems.append("\(id) ended without a result")
                continue
            }
            if let promised = promises.completed[id] {
                if result != promised { problems.append("\(id)'s acknowledged result is not the first one") }
            } else if result != CrashWorkload.result(id) && result != CrashWorkload.redone(id) {
                problems.append("\(id)'s result holds \(result.count) bytes, not a whole result")
            }
            if results.count > 2 { problems.append("\(id) was finished \(results.count) times") }
        }
        return problems
    }

    /// Writes `state` as real folders and files under `base`.
    static func materialise(_ state: DiskState, at base: String) throws {
        let files = FileManager.default
        for folder in state.folders.sorted() {
            let path = folder.isEmpty ? base : base + "/" + folder
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        for (path, bytes) in state.files {
            guard files.createFile(atPath: base + "/" + path, contents: Data(bytes)) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base + "/" + path])
            }
        }
    }
}
