/// Text that stresses escaping and decoding, drawn at random from a seed so that a failure can
/// be replayed: ASCII control characters, quotes, slashes and backslashes, text beyond ASCII.
public enum TextSamples {
    public static func random(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix(seed: seed)
        return (0..<count).map { _ in random(using: &generator) }
    }

    public static func random(using generator: inout SplitMix) -> String {
        let pieces: [String] = ["\"", "\\", "/", "\u{7f}", "é", "발사", "\u{2028}", "\u{FEFF}", "🚀", "a", " ", "<b>", "&amp;"]
        var text = ""
        for _ in 0..<Int.random(in: 0...24, using: &generator) {
            if Bool.random(using: &generator) {
                text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x7f, using: &generator)))
            } else {
                text += pieces.randomElement(using: &generator)!
            }
        }
        return text
    }
}

/// A small seeded random number generator (SplitMix64).
public struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
