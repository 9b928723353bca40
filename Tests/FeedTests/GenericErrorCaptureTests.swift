import CLibXML2
@testable import Feed
import Foundation
import Testing

/// libxml2's generic error channel, which prints to stderr unless it is pointed elsewhere.
@Suite("Capturing libxml2's generic error channel")
struct GenericErrorCaptureTests {
    /// Runs libxml2 the way ``FeedParser`` no longer does: a bare push parser that acts on the declared encoding of
    /// a UTF-8 document, so its own Windows-1252 encoder meets 0x81 (the second byte of "Á") and reports the failure
    /// on the generic channel.
    static func parseWithLibxml2sOwnEncoder() {
        _ = FeedParser(feed: "f")                                   // libxml2's global set-up, once
        var bytes = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><title>".utf8)
        bytes += Array("Água</title></channel></rss>".utf8)
        guard let context = xmlCreatePushParserCtxt(nil, nil, nil, 0, nil) else { return }
        bytes.withUnsafeBytes { raw in
            _ = xmlParseChunk(context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), 0)
        }
        xmlParseChunk(context, nil, 0, 1)
        if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        xmlFreeParserCtxt(context)
    }

    @Test("what libxml2 reports without a parser context lands in the capture, once per distinct line")
    func captures() {
        let capture = GenericErrorCapture()
        capture.run { Self.parseWithLibxml2sOwnEncoder() }
        capture.run { Self.parseWithLibxml2sOwnEncoder() }
        let lines = capture.drain()
        #expect(lines.contains { $0.contains("input conversion failed") })
        #expect(Set(lines).count == lines.count)
        #expect(capture.drain().isEmpty)
    }

    @Test("the channel is handed back as it was after each call, on the thread that made it")
    func restores() async {
        let before = __xmlGenericErrorContext()?.pointee
        let capture = GenericErrorCapture()
        let inside = capture.run { __xmlGenericErrorContext()?.pointee }
        #expect(inside != nil && inside != before)
        #expect(__xmlGenericErrorContext()?.pointee == before)
        // A capture used from another thread reads that thread's channel, not this one's.
        let other = await Task.detached { () -> Bool in
            let capture = GenericErrorCapture()
            capture.run { Self.parseWithLibxml2sOwnEncoder() }
            return capture.drain().contains { $0.contains("input conversion failed") }
        }.value
        #expect(other)
    }
}
