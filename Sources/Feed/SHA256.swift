import CSHA256

/// SHA-256 (FIPS 180-4) without a crypto library: item ids and body hashes need nothing more.
///
/// The compression function runs on the processor's SHA instructions where it has them (a small C function, since
/// intrinsics have no Swift spelling), else in Swift over raw buffers (no bounds checks, no copies). Both are
/// checked against the standard test vectors.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        hash(bytes, native: nativeAvailable)
    }

    /// Whether this processor runs the compression function natively.
    public static let nativeAvailable = csha256_available() == 1

    /// ``hash(_:)``, choosing the compression function (the tests and the benchmark run both);
    /// `native` is ignored where the processor lacks the instructions.
    public static func hash(_ bytes: some Sequence<UInt8>, native: Bool) -> [UInt8] {
        let native = native && nativeAvailable
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(contiguous: $0, native: native) }) {
            return digest
        }
        return Array(bytes).withUnsafeBufferPointer { hash(contiguous: $0, native: native) }
    }

    /// The digest of `bytes` as 64 lowercase hex characters.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        hexString(hash(bytes))
    }

    /// The digest of the UTF-8 bytes of `string` as 64 lowercase hex characters.
    public static func hex(_ string: String) -> String {
        hexString(hash(string.utf8))
    }

    /// Lowercase hex of `bytes` (used for the 128-bit item ids as well).
    static func hexString(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var position = 0
            for byte in bytes {
                out[position] = hexDigit(byte >> 4)
                out[position + 1] = hexDigit(byte & 0x0f)
                position += 2
            }
            return position
        }
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Hashes the whole blocks in place and only the last one or two, with the padding, from a small buffer: the
    /// message is never copied.
    private static func hash(contiguous message: UnsafeBufferPointer<UInt8>, native: Bool) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8 + 64) { words in
            let state = UnsafeMutableBufferPointer(rebasing: words[0..<8])
            let schedule = UnsafeMutableBufferPointer(rebasing: words[8..<72])
            for index in 0..<8 { state[index] = initialState[index] }
            let constants = UnsafeBufferPointer(start: csha256_round_constants(), count: 64)
            func compress(_ blocks: UnsafePointer<UInt8>, count: Int) {
                if native {
                    csha256_compress(state.baseAddress!, blocks, count)
                } else {
                    for block in 0..<count { portableCompress(state, block: blocks + 64 * block, schedule: schedule, constants) }
                }
            }
            let whole = message.count - message.count % 64
            if whole > 0 { compress(message.baseAddress!, count: whole / 64) }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                let rest = message.count - whole
                let tailLength = rest < 56 ? 64 : 128
                for index in 0..<rest { tail[index] = message[whole + index] }
                tail[rest] = 0x80
                for index in (rest + 1)..<(tailLength - 8) { tail[index] = 0 }
                let bitLength = UInt64(message.count) &* 8
                for index in 0..<8 {
                    tail[tailLength - 8 + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * index))
                }
                compress(UnsafePointer(tail.baseAddress!), count: tailLength / 64)
            }
            var digest = [UInt8](repeating: 0, count: 32)
            for (index, word) in state.enumerated() {
                digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
                digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
                digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
                digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
            }
            return digest
        }
    }

    private static func portableCompress(
        _ state: UnsafeMutableBufferPointer<UInt32>, block: UnsafePointer<UInt8>,
        schedule w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>
    ) {
        for t in 0..<16 {
            w[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
        }
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var a = state[0], b = state[1], c = state[2], d = state[3]
        var e = state[4], f = state[5], g = state[6], h = state[7]
        for t in 0..<64 {
            let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choose = (e & f) ^ (~e & g)
            let temp1 = h &+ sum1 &+ choose &+ k[t] &+ w[t]
            let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let temp2 = sum0 &+ majority
            h = g; g = f; f = e; e = d &+ temp1
            d = c; c = b; b = a; a = temp1 &+ temp2
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
}
