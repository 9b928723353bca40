import Durable
import Foundation

/// Reads the classified items that workers stored, one set per digest day, from the result
/// files or from a shared database (``ClassifiedRecords``).
public struct ClassifiedStore: Sendable {
    public let source: any ClassifiedRecords

    public init(source: any ClassifiedRecords) {
        self.source = source
    }

    /// The store of the result files under `directory`.
    public init(directory: String) {
        self.init(source: ClassifiedFiles(directory: directory))
    }

    /// The folder of the result files, when the records are files.
    public var directory: String? { (source as? ClassifiedFiles)?.directory }

    /// The days that have classified items, oldest first.
    public func days() -> [String] {
        source.days()
    }

    /// Every item stored for `day`, with the records that could not be read; of an item stored in
    /// several revisions, only the latest. Classifications are read as a digest shows them
    /// (without detected events, confidences and suppressed matches).
    ///
    /// An unreadable record is reported, never fatal: one bad record must not stop a digest.
    public func items(day: String) -> (items: [ClassifiedItem], unreadable: [String]) {
        items(day: day, keeping: { _ in true })
    }

    /// The ids of items that are edits of an earlier day's telling (``ClassifiedItem/firstReported``)
    /// and also have a record of `items` that is not: told as news on this day. Empty, and cheap,
    /// on the usual day without such edits.
    static func toldHere(_ items: [ClassifiedItem]) -> Set<String> {
        let edits = Set(items.lazy.filter { $0.firstReported != nil }.map(\.item.id))
        guard !edits.isEmpty else { return [] }
        return Set(items.lazy.filter { $0.firstReported == nil && edits.contains($0.item.id) }.map(\.item.id))
    }

    /// The items of `day` that `keep` accepts, decoded a chunk at a time on every core
    /// (``RecordDecoding``) so that the others never stay in memory (the digest reads only the
    /// labelled items of the day before).
    public func items(day: String, keeping keep: (ClassifiedItem) -> Bool)
        -> (items: [ClassifiedItem], unreadable: [String])
    {
        withoutActuallyEscaping(keep) { keep in
            var decoding = RecordDecoding(keeping: keep)
            let unreadable = source.forEachRecord(day: day) { name, bytes in decoding.add(name: name, bytes: bytes) }
            decoding.flush()
            let undecodable = decoding.undecodable
            var items = decoding.takeItems()
            let toldHere = Self.toldHere(items)
            // The highest revision of an item wins, in the place of its first record.
            items.keepOnePerID { ($0.revision ?? 1) > ($1.revision ?? 1) }
            // An edit that names an earlier day of first telling, filed on the same day as that
            // telling (both waited in the queue until the earlier day was final): news here.
            if !toldHere.isEmpty {
                for index in items.indices where items[index].firstReported != nil && toldHere.contains(items[index].item.id) {
                    items[index].firstReported = nil
                }
            }
            return (items, unreadable + undecodable)
        }
    }
}
