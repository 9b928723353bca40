/// Deduplicating and ordering a day's records where they lie.
///
/// A record is a few hundred bytes inline, and a large day holds tens of thousands of them: each
/// new array of them costs tens of megabytes, which is most of what a digest rebuild holds at its
/// peak. These work on the array they are given (unique once the caller let go of it), so the
/// records are never held twice.
extension Array where Element == ClassifiedItem {
    /// Keeps one record per item id, at the place of the id's first record: the first one, or a
    /// later one that `replaces` it.
    mutating func keepOnePerID(replacing replaces: (_ candidate: ClassifiedItem, _ kept: ClassifiedItem) -> Bool) {
        var kept: [String: Int] = [:]
        kept.reserveCapacity(count)
        var duplicates: Set<Int> = []
        for index in indices {
            let id = self[index].item.id
            guard let place = kept[id] else {
                kept[id] = index
                continue
            }
            if replaces(self[index], self[place]) { swapAt(place, index) }
            duplicates.insert(index)
        }
        guard !duplicates.isEmpty else { return }
        var write = startIndex
        for read in indices where !duplicates.contains(read) {
            if read != write { swapAt(write, read) }
            write += 1
        }
        removeLast(count - write)
    }

    /// Sorts the records by `areInIncreasingOrder`, comparing through their indices and then
    /// moving each record once (following the permutation's cycles) instead of at every step of
    /// the sort.
    mutating func sortMovingOnce(by areInIncreasingOrder: (ClassifiedItem, ClassifiedItem) -> Bool) {
        var order = indices.sorted { areInIncreasingOrder(self[$0], self[$1]) }
        // Position i receives the record at order[i]; a finished position is marked order[i] == i.
        for start in order.indices where order[start] != start {
            let saved = self[start]
            var position = start
            while true {
                let source = order[position]
                order[position] = position
                if source == start {
                    self[position] = saved
                    break
                }
                self[position] = self[source]
                position = source
            }
        }
    }
}
