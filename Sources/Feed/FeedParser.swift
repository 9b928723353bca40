internal import CLibXML2
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parses one feed document pushed to it in chunks, straight from a network callback, with libxml2's SAX2 push
/// parser: the body is never buffered whole (JSON Feed excepted) and memory stays bounded by ``Limits``.
///
/// Safety: entities are never substituted from DTDs (`XML_PARSE_NOENT` is never set), DTDs are not loaded, the
/// network is off (`XML_PARSE_NONET`), and recover mode keeps the items that parsed before a break. Errors are
/// collected in ``FeedDocument/errors``; libxml2 never writes to stderr (see ``GenericErrorCapture``).
///
/// The character encoding is settled before libxml2 sees a byte (see ``EncodingRule``): libxml2 is only ever handed
/// UTF-8 and told to ignore the XML declaration's `encoding`, so it never converts anything itself.
///
/// Not `Sendable`: use one instance per document from one thread at a time.
public final class FeedParser {
    private enum State { case sniffing, xml, json, empty, finished }

    private let feed: String
    private let documentURL: String?
    private let now: Date
    private let transport: DocumentSniffer.Transport?
    private let builder: FeedBuilder
    private let genericErrors = GenericErrorCapture()
    private var state = State.sniffing
    /// Bytes held back while sniffing, or the whole body of a JSON Feed.
    private var pending: [UInt8] = []
    private var context: xmlParserCtxtPtr?
    /// Set when the document is not UTF-8: libxml2 then only ever sees converted bytes.
    private var transcoder: Transcoder?
    private var result: FeedDocument?

    /// - Parameters:
    ///   - feed: the feed's name (its configuration key); part of every item id.
    ///   - documentURL: the URL the document was fetched from, for resolving relative links.
    ///   - httpCharset: the `charset` of the response's Content-Type (see ``ContentTypeCharset``), when the document
    ///     came over HTTP. A byte order mark overrules it; it overrules the XML declaration. An unknown label is
    ///     ignored and listed in the document's errors.
    ///   - now: the reference time for flagging dates in the future.
    public init(
        feed: String, documentURL: String? = nil, httpCharset: String? = nil, now: Date = Date(),
        limits: Limits = Limits()
    ) {
        _ = libxml2Initialised
        self.feed = feed
        self.documentURL = documentURL
        let label = httpCharset.map(PlainText.collapse) ?? ""
        transport = label.isEmpty ? nil : DocumentSniffer.Transport(label: label)
        self.now = now
        builder = FeedBuilder(feed: feed, documentURL: documentURL, now: now, limits: limits)
    }

    deinit {
        if let context { Self.free(context) }
    }

    /// Frees a parser context and the document libxml2 builds on its own to hold the declarations of an internal
    /// DTD subset (`<!DOCTYPE rss [ <!ENTITY ...> ]>`), which `xmlFreeParserCtxt` leaves behind.
    private static func free(_ context: xmlParserCtxtPtr) {
        if let document = context.pointee.myDoc {
            context.pointee.myDoc = nil
            xmlFreeDoc(document)
        }
        xmlFreeParserCtxt(context)
    }

    /// Feeds the next chunk of the document. Chunks may split anywhere, even inside a UTF-8 sequence.
    public func push(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        switch state {
        case .sniffing:
            pending.append(contentsOf: bytes)
            sniff(final: false)
        case .xml:
            parse(bytes)
        case .json:
            pending.append(contentsOf: bytes)
        case .empty, .finished:
            break
        }
    }

    public func push(_ data: Data) {
        data.withUnsafeBytes { push($0) }
    }

    /// Ends the document and returns what was found. Calling it again returns the same document.
    public func finish() -> FeedDocument {
        if let result { return result }
        if state == .sniffing { sniff(final: true) }
        var document: FeedDocument
        switch state {
        case .xml:
            if let transcoder {
                var tail: [UInt8] = []
                transcoder.convert(UnsafeRawBufferPointer(start: nil, count: 0), final: true, into: &tail)
                tail.withUnsafeBytes { parseUTF8($0) }
                noteReplacements(transcoder)
            }
            if let context, !builder.stopped { genericErrors.run { _ = xmlParseChunk(context, nil, 0, 1) } }
            for line in genericErrors.drain() {
                builder.record(FeedParseError(.malformed, message: "libxml2: \(line)"))
            }
            document = builder.finishDocument()
        case .json:
            document = JSONFeedParser.parse(pending, feed: feed, documentURL: documentURL, now: now)
            document.encoding = "UTF-8"
            document.encodingRule = .json
        case .sniffing, .empty, .finished:
            document = FeedDocument(errors: [FeedParseError(.empty, message: "empty document")])
        }
        if let context { Self.free(context) }
        context = nil
        builder.context = nil
        pending = []
        state = .finished
        result = document
        return document
    }

    /// Parses a whole document held in memory; `httpCharset` as for ``init(feed:documentURL:httpCharset:now:limits:)``.
    public static func parse(
        _ data: Data, feed: String, documentURL: String? = nil, httpCharset: String? = nil, now: Date = Date()
    ) -> FeedDocument {
        let parser = FeedParser(feed: feed, documentURL: documentURL, httpCharset: httpCharset, now: now)
        parser.push(data)
        return parser.finish()
    }

    private func sniff(final: Bool) {
        switch DocumentSniffer.sniff(pending, final: final, transport: transport) {
        case .needMore:
            return
        case .empty:
            state = .empty
        case .json:
            state = .json
        case .xml(let encoding, let rule, let ignored):
            builder.document.encoding = encoding.name
            builder.document.encodingRule = rule
            for line in ignored { builder.record(FeedParseError(.encoding, message: line)) }
            startXML(encoding)
        }
    }

    private func startXML(_ encoding: DocumentSniffer.XMLEncoding) {
        state = .xml
        var handler = FeedSAXHandler.make()
        let userData = Unmanaged.passUnretained(builder).toOpaque()
        guard let context = genericErrors.run({ xmlCreatePushParserCtxt(&handler, userData, nil, 0, nil) }) else {
            builder.stop(FeedParseError(.malformed, message: "libxml2 could not create a parser context"))
            return
        }
        switch encoding {
        case .utf8:
            break
        case .transcode(let name):
            transcoder = Transcoder(from: name)
        case .unsupported(let name):
            builder.record(FeedParseError(
                .encoding, line: 1, message: "unsupported encoding '\(name)' declared; read as UTF-8"))
        }
        // libxml2 only ever sees UTF-8 (other encodings are converted before it), so the declaration's `encoding` is
        // always ignored: the sniffer has already weighed it, and a UTF-8 byte order mark or HTTP charset may have
        // overruled it. Acting on it, libxml2 would convert again with an encoder that halts the document and prints
        // to stderr at the first byte it rejects. Switching to UTF-8 up front likewise stops it from guessing UCS-4
        // from the first bytes (`\0\0\0<`); found by fuzzing.
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue
        genericErrors.run {
            xmlCtxtUseOptions(context, Int32(bitPattern: options))
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }
        self.context = context
        builder.context = context
        var held = pending
        pending = []
        // With the encoding fixed as UTF-8, libxml2 no longer skips a UTF-8 byte order mark itself.
        if transcoder == nil, held.starts(with: [0xEF, 0xBB, 0xBF]) { held.removeFirst(3) }
        held.withUnsafeBytes { parse($0) }
    }

    private func parse(_ bytes: UnsafeRawBufferPointer) {
        guard let transcoder else {
            parseUTF8(bytes)
            return
        }
        var converted: [UInt8] = []
        converted.reserveCapacity(bytes.count * 2)
        transcoder.convert(bytes, into: &converted)
        converted.withUnsafeBytes { parseUTF8($0) }
    }

    private func noteReplacements(_ transcoder: Transcoder) {
        guard transcoder.replacements > 0 else { return }
        builder.record(FeedParseError(
            .encoding, message: "\(transcoder.replacements) bytes invalid in \(transcoder.encoding) were replaced"))
    }

    private func parseUTF8(_ bytes: UnsafeRawBufferPointer) {
        guard let context, let base = bytes.baseAddress else { return }
        let step = 1 << 24
        genericErrors.run {
            var offset = 0
            while offset < bytes.count, !builder.stopped {
                let count = min(step, bytes.count - offset)
                xmlParseChunk(context, (base + offset).assumingMemoryBound(to: CChar.self), Int32(count), 0)
                offset += count
            }
        }
    }
}

/// libxml2's global set-up, run once before the first parser context is created (it is not safe to race).
private let libxml2Initialised: Void = xmlInitParser()
