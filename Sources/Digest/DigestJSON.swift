import Foundation

/// Encodes a digest to the same bytes as `JSONEncoder` (sorted keys, pretty printed), a part at
/// a time.
///
/// Why: `JSONEncoder` builds a tree of the whole value before it writes a byte; for a day of
/// tens of thousands of items that tree measured about 130 MB above the digest itself, the
/// largest part of a rebuild's memory. Here the digest is encoded with its four lists empty,
/// then each list is written into its place from chunks of its elements (one story, or
/// ``chunkSize`` entries), each chunk encoded alone and indented one level deeper.
/// Pretty-printed JSON never holds a raw line break inside a string, so indenting after every
/// line break is exact.
enum DigestJSON {
    static let chunkSize = 256

    struct LayoutChanged: Error, CustomStringConvertible {
        let key: String
        var description: String { "the encoder's layout of the empty list '\(key)' was not found" }
    }

    /// The whole encoding as one array (for tests and small digests).
    static func encode(_ digest: Digest, with encoder: JSONEncoder, chunkSize: Int = chunkSize) throws -> [UInt8] {
        var output: [UInt8] = []
        try encode(digest, with: encoder, chunkSize: chunkSize) { piece in output += piece }
        return output
    }

    /// Hands the encoding to `write` in pieces of about ``pieceSize`` bytes, in order, so that
    /// a busy day's JSON (tens of megabytes) is never held whole.
    static func encode(
        _ digest: Digest, with encoder: JSONEncoder, chunkSize: Int = chunkSize,
        into write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var skeleton = digest
        skeleton.provocations = []
        skeleton.diplomatic = []
        skeleton.focusOther = []
        skeleton.feeds = []
        let frame = [UInt8](try encoder.encode(skeleton))
        // Each list's place in the frame, in the order they appear there (sorted keys).
        var lists: [(range: Range<Int>, write: (inout [UInt8], _ flush: (inout [UInt8]) throws -> Void) throws -> Void)] = []
        func place<Element: Encodable>(_ key: String, _ elements: [Element], chunkSize: Int) throws {
            guard !elements.isEmpty else { return }
            let empty = Array("\n  \"\(key)\" : [\n\n  ]".utf8)
            guard let range = frame.firstRange(of: empty) else { throw LayoutChanged(key: key) }
            lists.append((range, { output, flush in
                output += "\n  \"\(key)\" : [\n".utf8
                for start in stride(from: 0, to: elements.count, by: chunkSize) {
                    if start > 0 { output += ",\n".utf8 }
                    try flush(&output)
                    let part = Array(elements[start..<min(start + chunkSize, elements.count)])
                    let chunk = [UInt8](try encoder.encode(part))
                    // "[\n" + the elements, two spaces in + "\n]": the elements, four spaces in
                    // (an empty line, inside an empty list, stays empty).
                    var lineStart = true
                    for byte in chunk[2..<(chunk.count - 2)] {
                        if lineStart, byte != UInt8(ascii: "\n") { output += "  ".utf8 }
                        output.append(byte)
                        lineStart = byte == UInt8(ascii: "\n")
                    }
                }
                output += "\n  ]".utf8
            }))
        }
        // A story holds every report of its event, hundreds on a busy day: one at a time.
        try place("provocations", digest.provocations, chunkSize: 1)
        try place("diplomatic", digest.diplomatic, chunkSize: 1)
        try place("focusOther", digest.focusOther, chunkSize: chunkSize)
        try place("feeds", digest.feeds, chunkSize: chunkSize)
        lists.sort { $0.range.lowerBound < $1.range.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(pieceSize + 64 * 1024)
        func flush(_ buffer: inout [UInt8]) throws {
            guard buffer.count > pieceSize else { return }
            try buffer.withUnsafeBytes(write)
            buffer.removeAll(keepingCapacity: true)
        }
        var written = 0
        for list in lists {
            output += frame[written..<list.range.lowerBound]
            try list.write(&output, flush)
            written = list.range.upperBound
        }
        output += frame[written...]
        try output.withUnsafeBytes(write)
    }

    /// About how many bytes are handed to the writer at a time.
    static let pieceSize = 256 * 1024
}
