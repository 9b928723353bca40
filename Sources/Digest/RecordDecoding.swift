import Foundation

/// Decodes stored records on every core, a chunk at a time.
///
/// Decoding is most of the cost of reading a day (about 40 % of a rebuild, measured): records
/// are independent, so each chunk is split over the cores (``Parallel``). Chunks bound the memory: at most
/// ``chunkSize`` records' bytes are held at once, however large the day.
struct RecordDecoding {
    /// Records held before they are decoded together.
    static let chunkSize = 2048

    private var pending: [(name: String, bytes: [UInt8])] = []
    /// The decoded items kept so far, in the order the records came.
    private(set) var items: [ClassifiedItem] = []
    /// The records that could not be decoded.
    private(set) var undecodable: [String] = []
    private let keep: (ClassifiedItem) -> Bool
    /// Shares the fields that repeat between the records kept.
    private var interner = RecordInterner()

    init(keeping keep: @escaping (ClassifiedItem) -> Bool) {
        self.keep = keep
    }

    mutating func add(name: String, bytes: [UInt8]) {
        pending.append((name, bytes))
        if pending.count >= Self.chunkSize { flush() }
    }

    /// Hands the decoded items over, leaving none here (so that the caller's copy is the only one
    /// and can be changed in place).
    mutating func takeItems() -> [ClassifiedItem] {
        defer { items = [] }
        return items
    }

    /// Decodes what is pending; call once more after the last record.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        let decoded = Parallel.map(chunk) { record in try? ClassifiedItem.decodeForDigest(record.bytes) }
        for (record, item) in zip(chunk, decoded) {
            guard var item else {
                undecodable.append(record.name)
                continue
            }
            if keep(item) {
                interner.share(&item)
                items.append(item)
            }
        }
    }
}
