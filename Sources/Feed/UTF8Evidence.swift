/// What the bytes seen so far say about UTF-8: nothing yet (all ASCII), valid, or invalid.
///
/// A multi-byte sequence cut off at the end of the bytes is not held against them unless the document is complete.
enum UTF8Evidence {
    case asciiSoFar, valid, invalid

    init(_ bytes: [UInt8], final: Bool) {
        var sawMultiByte = false
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default:
                self = .invalid
                return
            }
            if index + length > bytes.count {
                let tailIsContinuation = bytes[(index + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
                if final || !tailIsContinuation {
                    self = .invalid
                } else {
                    self = sawMultiByte ? .valid : .asciiSoFar
                }
                return
            }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                self = .invalid
                return
            }
            let second = bytes[index + 1]
            if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)
                || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) {
                self = .invalid
                return
            }
            sawMultiByte = true
            index += length
        }
        self = sawMultiByte ? .valid : .asciiSoFar
    }
}
