#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a document in another character encoding to UTF-8 chunk by chunk, before libxml2 sees it.
///
/// libxml2 could convert through iconv itself, but one byte that the encoding does not define (0x81 in
/// Windows-1252) makes it halt the whole document and print to stderr through its global handlers. Here such a byte
/// becomes a replacement character and parsing goes on; in UTF-16 and UTF-32 a whole code unit is replaced (a lone
/// surrogate, a unit cut off at the end), so the units after it stay aligned. Sequences split across chunks are
/// carried over.
final class Transcoder {
    /// The encoding name as declared; kept for messages.
    let encoding: String
    private let descriptor: iconv_t
    /// Single-byte Latin encodings read an undefined byte as Windows-1252, as browsers do; others use U+FFFD.
    private let latinFallback: Bool
    /// Bytes skipped per replacement: the code unit size, so a bad UTF-16 unit does not shift every later one.
    private let unitSize: Int
    private var carry: [UInt8] = []
    private(set) var replacements = 0

    /// Nil when iconv has no converter from `encoding`.
    init?(from encoding: String) {
        guard let descriptor = iconv_open("UTF-8", encoding), descriptor != iconv_t(bitPattern: -1) else {
            return nil
        }
        self.encoding = encoding
        self.descriptor = descriptor
        let name = encoding.lowercased()
        latinFallback = name.contains("1252") || name.contains("8859-1") || name.contains("latin1")
            || name == "l1" || name.hasPrefix("iso8859-1") || name.hasPrefix("iso_8859-1")
        let family = name.filter { $0 != "-" && $0 != "_" }
        if family.hasPrefix("utf16") || family.hasPrefix("ucs2") {
            unitSize = 2
        } else if family.hasPrefix("utf32") || family.hasPrefix("ucs4") {
            unitSize = 4
        } else {
            unitSize = 1
        }
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Windows-1252 or ISO-8859-1: encodings that any byte string is valid in, so a mislabel goes unnoticed.
    var isWesternSingleByte: Bool { latinFallback }

    /// Appends the UTF-8 for `input` to `output`. With `final`, an incomplete trailing sequence is replaced.
    func convert(_ input: UnsafeRawBufferPointer, final: Bool = false, into output: inout [UInt8]) {
        var source = carry
        source.append(contentsOf: input)
        carry.removeAll()
        guard !source.isEmpty else { return }
        var buffer = [UInt8](repeating: 0, count: max(256, source.count * 2))
        source.withUnsafeMutableBytes { raw in
            var inPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = raw.count
            while inLeft > 0 {
                let (result, failure) = buffer.withUnsafeMutableBytes { out -> (Int, Int32) in
                    var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    output.append(contentsOf: out.prefix(out.count - outLeft))
                    return (result, failure)
                }
                guard result == -1 else { break }
                switch failure {
                case E2BIG:
                    continue
                case EINVAL where !final:
                    carry = Array(UnsafeRawBufferPointer(start: inPointer, count: inLeft))
                    inLeft = 0
                default:
                    // EILSEQ, or a sequence cut off at the very end: replace one byte (one code unit) and go on.
                    let byte = inPointer.map { UInt8(bitPattern: $0.pointee) } ?? 0
                    let skipped = min(unitSize, inLeft)
                    replace(byte, count: skipped, into: &output)
                    inPointer = inPointer?.advanced(by: skipped)
                    inLeft -= skipped
                }
            }
        }
    }

    /// One replacement character for `count` bytes starting with `byte`.
    private func replace(_ byte: UInt8, count: Int, into output: inout [UInt8]) {
        replacements += count
        let scalar: Unicode.Scalar = latinFallback ? TextDecoding.windows1252Scalar(byte) : "\u{FFFD}"
        output.append(contentsOf: String(scalar).utf8)
    }
}
