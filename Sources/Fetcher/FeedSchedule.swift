import Config
import Foundation

/// The fetcher's agenda: one entry per feed, ordered by its next check time, in a binary heap.
///
/// Why a heap: the service wakes when the earliest feed is due and takes exactly the feeds that
/// are due, in O(log n) each, without reading every feed's state file on every wake (a state
/// holds the ids of six months of items). A feed is out of the heap while it is being fetched
/// and goes back with the next check its fetch decided. Ties keep the order of scheduling.
public struct FeedSchedule: Sendable {
    private struct Entry: Sendable {
        var time: Date
        var sequence: Int
        var feed: FeedSource

        func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var sequence = 0

    public init() {}

    /// Every feed of `feeds` at its saved next check; a feed never fetched is due at once.
    public init(_ feeds: [FeedSource], round: FetchRound) {
        for feed in feeds { schedule(feed, at: round.nextCheck(of: feed) ?? .distantPast) }
    }

    /// How many feeds wait in the schedule.
    public var count: Int { heap.count }

    /// When the earliest feed is due, or nil for an empty schedule.
    public var next: Date? { heap.first?.time }

    /// Adds `feed`, due at `time`.
    public mutating func schedule(_ feed: FeedSource, at time: Date) {
        heap.append(Entry(time: time, sequence: sequence, feed: feed))
        sequence += 1
        siftUp(heap.count - 1)
    }

    /// Takes out every feed due at `now`, earliest first.
    public mutating func popDue(at now: Date) -> [FeedSource] {
        var due: [FeedSource] = []
        while let first = heap.first, first.time <= now {
            due.append(first.feed)
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return due
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
