/// Recognises EUC-KR/CP949 text among bytes that are not UTF-8.
///
/// In EUC-KR every non-ASCII character is two bytes, and the Hangul syllables (most of any Korean text) have lead
/// bytes 0xB0-0xC8 and trail bytes 0xA1-0xFE; CP949 adds leads from 0x81 whose trails may be ASCII letters.
/// Windows-1252 text has lone accented letters instead, often followed by a space or punctuation, which no pair
/// allows. GB2312 and EUC-JP share the byte ranges, so two more signs are required: at least 80% of the pairs are
/// Hangul syllables (Chinese and Japanese spread their leads wider), and the pairs come in short runs, because
/// Korean puts a space between words every few syllables while Chinese and Japanese run on for a whole clause.
enum KoreanDetector {
    enum Verdict { case korean, notKorean, undecided }

    /// Pairs needed before deciding, so one odd byte pair in a Western page does not count.
    static let minimumPairs = 4
    /// The longest average run of pairs between ASCII bytes that still reads as Korean words.
    static let maximumAverageRun = 5

    /// `undecided` while fewer than ``minimumPairs`` pairs were seen and none ruled Korean out.
    static func judge(_ bytes: [UInt8]) -> Verdict {
        var pairs = 0
        var hangul = 0
        var runs = 0
        var inRun = false
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                inRun = false
                index += 1
                continue
            }
            guard (0x81...0xFE).contains(lead) else { return .notKorean }
            guard index + 1 < bytes.count else { break }        // a pair cut off at the end of the window
            let trail = bytes[index + 1]
            let letter = (0x41...0x5A).contains(trail) || (0x61...0x7A).contains(trail)
            guard letter || (0x81...0xFE).contains(trail) else { return .notKorean }
            pairs += 1
            if !inRun { runs += 1 }
            inRun = true
            if (0xB0...0xC8).contains(lead), trail >= 0xA1 { hangul += 1 }
            index += 2
        }
        guard pairs >= minimumPairs else { return .undecided }
        let mostlyHangul = hangul * 10 >= pairs * 8
        let shortRuns = pairs <= runs * maximumAverageRun
        return mostlyHangul && shortRuns ? .korean : .notKorean
    }
}
