import Foundation

/// A deterministic set of news-like items written for this project, used when the shared
/// evaluation files are absent (a fresh clone), so the benchmark always has ~300-byte inputs.
enum GeneratedItems {
    static let actors = [
        "North Korea", "Pyongyang", "South Korea", "Seoul's defence ministry", "Japan", "China", "Beijing",
        "the United States", "Washington", "Russia", "the UN Security Council", "the European Union", "Kim Jong Un",
    ]
    static let acts = [
        "fired a short-range ballistic missile into the sea off its east coast",
        "held talks with its neighbour's foreign minister on trade and security",
        "condemned the launch as a violation of Security Council resolutions",
        "began joint military drills near the border",
        "announced new sanctions on shipping firms accused of evading the embargo",
        "sent an envoy to the capital for a three-day visit",
        "reported a drone crossing the maritime line before dawn",
        "agreed to resume family reunions after a two-year pause",
        "opened a new railway station in the northern province",
        "said the harvest was larger than last year's despite the floods",
        "threatened to respond with overwhelming force to any provocation",
        "released two detained fishermen after talks through the Red Cross",
    ]
    static let frames = [
        "Officials said on %day% that %actor% %act%.",
        "%actor% %act%, according to state media.",
        "Analysts said the move by %actor% came as %other% %act2%.",
        "The statement followed reports that %other% %act2% earlier in the year.",
    ]
    static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// `count` items of about 300 bytes; the same seed always gives the same texts.
    static func make(count: Int, seed: UInt64 = 20_260_101) -> [BenchmarkItem] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let actor = actors[random.next(below: actors.count)]
            let title = "\(actor) " + acts[random.next(below: acts.count)].split(separator: " ").prefix(6)
                .joined(separator: " ")
            var summary = ""
            while title.utf8.count + summary.utf8.count < BenchmarkItem.targetBytes {
                var sentence = frames[random.next(below: frames.count)]
                sentence = sentence.replacingOccurrences(of: "%day%", with: days[random.next(below: days.count)])
                sentence = sentence.replacingOccurrences(of: "%actor%", with: actor)
                sentence = sentence.replacingOccurrences(of: "%other%", with: actors[random.next(below: actors.count)])
                sentence = sentence.replacingOccurrences(of: "%act2%", with: acts[random.next(below: acts.count)])
                sentence = sentence.replacingOccurrences(of: "%act%", with: acts[random.next(below: acts.count)])
                summary += summary.isEmpty ? sentence : " " + sentence
            }
            return BenchmarkItem(title: title, summary: summary)
        }
    }
}

/// A small, fast pseudo-random generator with a fixed seed (the standard one cannot be seeded).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
