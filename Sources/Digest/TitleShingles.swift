/// The character shingles of a headline, for telling whether two outlets wrote about the same
/// event.
///
/// Outlets word one event differently ("fires missile", "fired a missile", "missile launch
/// reported"), so whole words miss many matches. Overlapping 4-character pieces of the content
/// words keep the shared stems ("miss", "issi", "fire") and forgive inflections. Each shingle is
/// kept as a 32-bit FNV-1a hash in a sorted array, so two titles compare by one merge.
///
/// Similarity is the exact Jaccard index of the two sets. A day holds at most a few thousand
/// labelled items, split by event type, so exact comparison is affordable and, unlike MinHash
/// estimates, has no sampling noise at the threshold.
struct TitleShingles: Sendable, Equatable {
    /// Sorted, distinct shingle hashes.
    let hashes: [UInt32]

    static let width = 4

    /// Function words that carry no event: left out so that two unrelated headlines do not match
    /// on "the" and "says".
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "with", "by", "from", "as", "is", "are",
        "was", "were", "be", "been", "its", "it", "his", "her", "their", "says", "said", "say", "after", "over",
        "into", "new", "amid", "about", "that", "this", "will", "has", "have", "had", "not", "but", "than",
    ]

    init(_ text: String) {
        var hashes: [UInt32] = []
        for word in Self.contentWords(text) {
            let scalars = Array(("_" + word + "_").unicodeScalars)
            if scalars.count <= Self.width {
                hashes.append(Self.hash(scalars[...]))
                continue
            }
            for start in 0...(scalars.count - Self.width) {
                hashes.append(Self.hash(scalars[start..<(start + Self.width)]))
            }
        }
        hashes.sort()
        var distinct: [UInt32] = []
        distinct.reserveCapacity(hashes.count)
        for hash in hashes where distinct.last != hash { distinct.append(hash) }
        self.hashes = distinct
    }

    var isEmpty: Bool { hashes.isEmpty }

    /// The Jaccard index of the two shingle sets: 0 when either is empty.
    func similarity(to other: TitleShingles) -> Double {
        if hashes.isEmpty || other.hashes.isEmpty { return 0 }
        var shared = 0
        var left = 0
        var right = 0
        while left < hashes.count, right < other.hashes.count {
            if hashes[left] == other.hashes[right] {
                shared += 1
                left += 1
                right += 1
            } else if hashes[left] < other.hashes[right] {
                left += 1
            } else {
                right += 1
            }
        }
        return Double(shared) / Double(hashes.count + other.hashes.count - shared)
    }

    /// The highest Jaccard index two sets of these sizes can have: the smaller over the larger.
    func similarityBound(_ other: TitleShingles) -> Double {
        let (small, large) = (min(hashes.count, other.hashes.count), max(hashes.count, other.hashes.count))
        return large == 0 ? 0 : Double(small) / Double(large)
    }

    /// Lowercased words of letters and digits, without function words and single letters.
    static func contentWords(_ text: String) -> [String] {
        text.lowercased()
            .split { !$0.isLetter && !$0.isNumber }
            .map(String.init)
            .filter { $0.count > 1 && !stopWords.contains($0) }
    }

    private static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for scalar in scalars {
            var value = scalar.value
            for _ in 0..<3 {
                hash = (hash ^ (value & 0xff)) &* 16_777_619
                value >>= 8
            }
        }
        return hash
    }
}
