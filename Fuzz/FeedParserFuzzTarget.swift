#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// libFuzzer entry point for ``FeedParser``. Compiled into one module with the parser's sources by
/// `scripts/fuzz-parser.sh` (SwiftPM renames an executable's entry point, which breaks libFuzzer's `main`).
///
/// The first byte chooses where the input is split in two pushes, so chunk boundaries land everywhere: inside
/// UTF-8 sequences, tags, entity references and the XML declaration the sniffer reads. Small limits make the
/// depth, text-size and error caps reachable with short inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func feedParserFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let limits = FeedParser.Limits(maxTextBytes: 4_096, maxDepth: 32, maxErrors: 4)
    let parser = FeedParser(
        feed: "fuzz", documentURL: "https://example.org/feeds/main.xml",
        now: Date(timeIntervalSince1970: 1_900_000_000), limits: limits)
    let cut = size > 0 ? Int(data[0]) * size / 256 : 0
    parser.push(UnsafeRawBufferPointer(rebasing: bytes[0..<cut]))
    parser.push(UnsafeRawBufferPointer(rebasing: bytes[cut...]))
    let document = parser.finish()
    for item in document.items where item.id.utf8.count != 32 {
        fatalError("item id of \(item.id.utf8.count) characters")
    }
    return 0
}
