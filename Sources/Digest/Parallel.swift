import Dispatch
import Foundation

/// Independent work spread over the cores, for the parts of a rebuild that dominate it
/// (reading and decoding a day's records, building its two sections, rendering its two files).
/// Results come back in order, so the digest is the same whatever the threads did.
enum Parallel {
    /// The number of threads used: one per core.
    static let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `transform` applied to every element, each lane taking every `lanes`-th one.
    static func map<Element, Result>(_ elements: [Element], _ transform: (Element) -> Result) -> [Result] {
        let lanes = min(lanes, elements.count)
        guard lanes > 1 else { return elements.map(transform) }
        var results = [Result?](repeating: nil, count: elements.count)
        withoutActuallyEscaping(transform) { transform in
            results.withUnsafeMutableBufferPointer { buffer in
                // Each lane writes only its own indices.
                nonisolated(unsafe) let slots = buffer
                nonisolated(unsafe) let transform = transform
                nonisolated(unsafe) let elements = elements
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for index in stride(from: lane, to: elements.count, by: lanes) {
                        slots[index] = transform(elements[index])
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// `first` and `second` at the same time.
    static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        guard lanes > 1 else { return (first(), second()) }
        var a: A?
        var b: B?
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                nonisolated(unsafe) let first = first
                nonisolated(unsafe) let second = second
                nonisolated(unsafe) var slotA: A? = nil
                nonisolated(unsafe) var slotB: B? = nil
                DispatchQueue.concurrentPerform(iterations: 2) { lane in
                    if lane == 0 { slotA = first() } else { slotB = second() }
                }
                a = slotA
                b = slotB
            }
        }
        return (a!, b!)
    }
}
