/// A set of small non-negative numbers (vocabulary numbers) as bits: membership is one load.
struct BitSet: Sendable {
    private var bits: [UInt64] = []

    init() {}

    init(_ values: some Sequence<Int32>) {
        for value in values { insert(value) }
    }

    mutating func insert(_ value: Int32) {
        let word = Int(value) >> 6
        if word >= bits.count { bits += Array(repeating: 0, count: word + 1 - bits.count) }
        bits[word] |= 1 << UInt64(value & 63)
    }

    @inline(__always)
    func contains(_ value: Int32) -> Bool {
        let word = Int(value) >> 6
        guard value >= 0, word < bits.count else { return false }
        return bits[word] & (1 << UInt64(value & 63)) != 0
    }
}
