import Feed
import Foundation

/// SHA-256 throughput of both compression functions on item-id-sized messages and on a feed-sized body, so the
/// gain from the processor's SHA instructions is a measured figure (callgrind cannot show it: valgrind's
/// emulated processor has no SHA instructions, so under it the Swift rounds always run).
enum HashRate {
    static func run(_ arguments: [String]) {
        let minimumSeconds = Console.option("--seconds", in: arguments).flatMap(Double.init) ?? 1
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<2_000).map { _ in (0..<240).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) } }
        let body = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for native in SHA256.nativeAvailable ? [false, true] : [false] {
            let name = native ? "SHA instructions" : "Swift rounds"
            let keyRate = rate(bytes: keys.count * 240, minimumSeconds: minimumSeconds) {
                var folded: UInt8 = 0
                for key in keys { folded ^= SHA256.hash(key, native: native)[0] }
                return folded
            }
            let bodyRate = rate(bytes: body.count, minimumSeconds: minimumSeconds) {
                SHA256.hash(body, native: native)[0]
            }
            print("sha256, \(name): 240-byte keys \(String(format: "%.0f", keyRate)) MB/s, "
                + "1 MB body \(String(format: "%.0f", bodyRate)) MB/s")
        }
        if !SHA256.nativeAvailable { print("sha256: this processor has no SHA instructions") }
    }

    /// MB/s of the fastest of the passes run within `minimumSeconds` (at least three).
    private static func rate(bytes: Int, minimumSeconds: Double, _ pass: () -> UInt8) -> Double {
        var best = Double.infinity
        var sink: UInt8 = 0
        let started = Throughput.seconds(CLOCK_MONOTONIC)
        var passes = 0
        while passes < 3 || Throughput.seconds(CLOCK_MONOTONIC) - started < minimumSeconds {
            let start = Throughput.seconds(CLOCK_THREAD_CPUTIME_ID)
            sink ^= pass()
            best = min(best, Throughput.seconds(CLOCK_THREAD_CPUTIME_ID) - start)
            passes += 1
        }
        if sink == 0x5A { print("", terminator: "") }     // keeps the work observable
        return Double(bytes) / 1_000_000 / best
    }
}
