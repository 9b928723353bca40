import Foundation
import TestSupport
import Testing

/// `brinkwatch parse` on documents that once made libxml2 print to stderr by itself: whatever goes wrong is said in
/// brinkwatch's own `error:` lines (with `--errors`) and nowhere else.
@Suite("parse keeps libxml2 off stderr")
struct ParseStandardErrorTests {
    typealias B = BrinkwatchProcess
    let scratch: String

    init() throws {
        scratch = ScratchFolder.path("parse-stderr")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    static let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Sixteen</title>"
        + "<item><guid>1</guid><title>Grüße “ok”</title></item>"
        + "<item><guid>2</guid><title>Second</title></item></channel></rss>"

    enum Shape: String, CaseIterable, Sendable {
        case littleEndianMarked, bigEndianUnmarked, loneSurrogate, cutInCodeUnit, utf8MarkDeclaredWindows1252
    }

    /// The fixture's bytes and the titles `parse` must print.
    static func fixture(_ shape: Shape) throws -> (bytes: [UInt8], titles: [String]) {
        let little = Array(try #require(xml.data(using: .utf16LittleEndian)))
        let big = Array(try #require(xml.data(using: .utf16BigEndian)))
        let both = ["Grüße “ok”", "Second"]
        switch shape {
        case .littleEndianMarked:
            return ([0xFF, 0xFE] + little, both)
        case .bigEndianUnmarked:
            return (big, both)
        case .loneSurrogate:
            let at = try #require(little.indices.first { little[$0...].starts(with: [0x47, 0x00, 0x72, 0x00]) })
            var bytes = [0xFF, 0xFE] + little
            bytes.insert(contentsOf: [0x00, 0xDC], at: at + 2)         // a low surrogate on its own before "Grüße"
            return (bytes, ["\u{FFFD}Grüße “ok”", "Second"])
        case .cutInCodeUnit:
            let bytes: [UInt8] = [0xFE, 0xFF] + big
            return (Array(bytes[..<(bytes.count - 51)]), ["Grüße “ok”"])
        case .utf8MarkDeclaredWindows1252:
            // libxml2 used to act on this declaration and stop at 0x81, the second byte of "Á", printing
            // "encoding error : input conversion failed due to input error" three times.
            let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel>"
                + "<item><guid>1</guid><title>Água</title></item></channel></rss>"
            return (Array(text.utf8), ["Água"])
        }
    }

    @Test("stderr holds only brinkwatch's own lines", arguments: Shape.allCases)
    func quiet(shape: Shape) async throws {
        let (bytes, titles) = try Self.fixture(shape)
        let path = scratch + "/\(shape.rawValue).xml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for arguments in [["parse", path], ["parse", "--errors", path]] {
            let result = try await B.run(arguments)
            let foreign = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("error: ") }
            #expect(foreign.isEmpty, "\(shape): \(foreign)")
            if arguments.count == 2 { #expect(result.stderr.isEmpty, "\(shape): \(result.stderr)") }
            let printed = try result.stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["title"] as? String
            }
            #expect(printed == titles.map { Optional($0) }, "\(shape)")
        }
    }
}
