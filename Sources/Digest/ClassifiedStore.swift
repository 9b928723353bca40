import Durable
import Foundation

/// Reads the classified items that workers stored, one folder per digest day.
public struct ClassifiedStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The days that have classified items, oldest first.
    public func days() -> [String] {
        guard let folder = try? Directory(path: directory) else { return [] }
        return ((try? folder.names()) ?? []).filter(DigestDay.isValid).sorted()
    }

    /// Every item stored for `day`, with the files that could not be read; of an item stored in
    /// several revisions, only the latest. Classifications are read as a digest shows them
    /// (without detected events, confidences and suppressed matches).
    ///
    /// An unreadable record is reported, never fatal: one bad file must not stop a digest.
    public func items(day: String) -> (items: [ClassifiedItem], unreadable: [String]) {
        items(day: day, keeping: { _ in true })
    }

    /// The items of `day` that `keep` accepts, decoded one at a time so that the others never
    /// stay in memory (the digest reads only the labelled items of the day before).
    public func items(day: String, keeping keep: (ClassifiedItem) -> Bool)
        -> (items: [ClassifiedItem], unreadable: [String])
    {
        guard let folder = try? Directory(path: directory + "/" + day) else { return ([], []) }
        var items: [ClassifiedItem] = []
        var unreadable: [String] = []
        for name in ((try? folder.names()) ?? []).sorted() where name.hasSuffix(".json") {
            do {
                let item = try ClassifiedItem.decodeForDigest(Data(try folder.read(name)))
                if keep(item) { items.append(item) }
            } catch {
                unreadable.append(folder.pathOf(name))
            }
        }
        return (Self.latestRevisions(items), unreadable)
    }

    /// Keeps, for each item id, the record with the highest revision, in the order of the first.
    static func latestRevisions(_ items: [ClassifiedItem]) -> [ClassifiedItem] {
        var latest: [String: Int] = [:]
        var result: [ClassifiedItem] = []
        for item in items {
            if let index = latest[item.item.id] {
                if (item.revision ?? 1) > (result[index].revision ?? 1) { result[index] = item }
            } else {
                latest[item.item.id] = result.count
                result.append(item)
            }
        }
        return result
    }
}
