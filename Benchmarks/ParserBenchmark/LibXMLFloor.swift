import CLibXML2
import Foundation

/// libxml2's SAX2 push parser alone, with callbacks that only count: the floor under the `Feed`
/// parser's time on the same files, in the same chunks and with the same options, so that the
/// benchmark shows how much of the time is libxml2's and how much the normalisation's.
enum LibXMLFloor {
    /// Parses `data` and returns how many element and text events libxml2 reported.
    static func parse(_ data: Data, path: String) -> Int {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, _, _, _, _, _, _, _, _ in countEvent(context) }
        handler.endElementNs = { context, _, _, _ in countEvent(context) }
        handler.characters = { context, _, _ in countEvent(context) }
        handler.cdataBlock = { context, _, _ in countEvent(context) }
        var events = 0
        withUnsafeMutablePointer(to: &events) { counter in
            guard let context = xmlCreatePushParserCtxt(&handler, counter, nil, 0, nil) else { return }
            defer { xmlFreeParserCtxt(context) }
            let options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_COMPACT.rawValue
                | XML_PARSE_IGNORE_ENC.rawValue
            xmlCtxtUseOptions(context, Int32(bitPattern: options))
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(offset + Throughput.chunk, raw.count)
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[offset..<end])
                    xmlParseChunk(context, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), 0)
                    offset = end
                }
            }
            xmlParseChunk(context, nil, 0, 1)
        }
        return events
    }
}

/// The whole work of the floor's callbacks (a free function: a C callback captures nothing).
private func countEvent(_ context: UnsafeMutableRawPointer?) {
    context?.assumingMemoryBound(to: Int.self).pointee += 1
}
