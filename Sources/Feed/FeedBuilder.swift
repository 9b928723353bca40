internal import CLibXML2
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Receives libxml2's SAX2 events for one document and builds the ``FeedDocument``.
///
/// It is the parser context's user data (passed unretained; ``FeedParser`` keeps it alive). Element positions are
/// tracked by depth: channel fields must be direct children of the channel (so `image/title` is not the feed
/// title) and item fields direct children of the item (so an Atom `source/title` is not the entry title).
final class FeedBuilder {
    let feed: String
    let now: Date
    let limits: FeedParser.Limits
    /// Set by ``FeedParser`` once the context exists; used to stop the parser and read line numbers.
    var context: xmlParserCtxtPtr?

    var document = FeedDocument()
    /// Items finished so far; their ids are assigned once the whole document is known.
    var items: [FeedItem] = []
    var item: ItemDraft?

    var depth = 0
    var channelDepth: Int?
    var itemDepth: Int?
    var authorDepth: Int?
    var capture: Capture?
    /// Depth of a `script`/`style` element inside captured XHTML, whose text is not shown.
    var hiddenDepth: Int?
    /// The root element's namespace when it is none the builder knows: its children count as core elements.
    var rootNamespace: NamespaceURI?
    /// `dc:title` of the channel, used when it has no `title`.
    var channelFallbackTitle: String?
    var text: [UInt8] = []
    /// Working space for turning `text` into a field's plain text, kept for the whole document.
    var scratch: [UInt8] = []
    var bases: [(depth: Int, uri: String?)]
    var languages: [(depth: Int, tag: String)] = []
    var namespaces = NamespaceCache()
    private(set) var stopped = false
    private var suppressedErrors = 0
    private var reportedTextLimit = false
    private let entities = EntityStore()

    /// What the builder is collecting text for, and how to read it.
    struct Capture {
        var field: Field
        var depth: Int
        var kind: TextKind
        var base: String?
        /// Atom `mode="base64"`, or a `type` that is neither text nor XML: the text is base64 to decode first.
        var base64 = false
    }

    enum Field {
        case channelTitle, channelFallbackTitle, channelLink, channelID, channelLanguage, ttl
        case title, fallbackTitle, link, guid, pubDate, dcDate, created, updated, description, content
        case author, authorName, authorEmail, category, language
    }

    enum TextKind { case plain, html, xhtml }

    init(feed: String, documentURL: String?, now: Date, limits: FeedParser.Limits) {
        self.feed = feed
        self.now = now
        self.limits = limits
        bases = [(0, documentURL)]
    }

    var currentBase: String? { bases[bases.count - 1].uri }
    var currentLanguage: String? { languages.last?.tag }
    var isAtom: Bool { document.format == .atom10 || document.format == .atom03 }

    // MARK: SAX events

    func startElement(
        _ localName: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?, attributes: SAXAttributes
    ) {
        keepEntityReferences()
        depth += 1
        guard depth <= limits.maxDepth else {
            stop(FeedParseError(.limit, line: line, message: "elements nested deeper than \(limits.maxDepth) levels"))
            return
        }
        if attributes.count > 0 { readXMLAttributes(attributes) }
        if let capture {
            if capture.kind != .plain {
                let tag = TagName(localName)
                if tag.isBlock { appendSpace() }
                if tag.isRawText, hiddenDepth == nil { hiddenDepth = depth }
            }
            return
        }
        let namespace = namespaces.namespace(uri)
        let name = LocalName(localName)
        if depth == 1 {
            startRoot(name, namespace: namespace, uri: uri, attributes: attributes, spelled: localName)
        } else {
            startChild(name, role: role(of: namespace, uri: uri), namespace: namespace, attributes: attributes)
        }
    }

    func endElement() {
        keepEntityReferences()
        if depth == hiddenDepth { hiddenDepth = nil }
        if let current = capture, current.depth == depth {
            commit(current)
            capture = nil
            text.removeAll(keepingCapacity: true)
        } else if depth == authorDepth {
            authorDepth = nil
        } else if depth == itemDepth, let finished = item {
            // Finished at once so the raw draft does not outlive its item; the language falls back at the end.
            items.append(finished.finish(feed: feed, now: now, fallbackLanguage: nil))
            item = nil
            itemDepth = nil
        } else if depth == channelDepth {
            channelDepth = nil
        }
        if bases.count > 1, bases[bases.count - 1].depth == depth { bases.removeLast() }
        if let last = languages.last, last.depth == depth { languages.removeLast() }
        depth -= 1
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        keepEntityReferences()
        guard capture != nil, hiddenDepth == nil else { return }
        let room = limits.maxTextBytes - text.count
        guard count <= room else {
            text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: max(room, 0)))
            if !reportedTextLimit {
                reportedTextLimit = true
                record(FeedParseError(
                    .limit, line: line, message: "element text longer than \(limits.maxTextBytes) bytes; truncated"))
            }
            return
        }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    func appendSpace() {
        if text.count < limits.maxTextBytes { text.append(0x20) }
    }

    /// Character references libxml2 does not know (`&nbsp;` without a DTD) resolved from the HTML set.
    func entity(named name: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
        // Inside a start tag libxml2 copies only the first byte of a non-ASCII replacement: better to drop it.
        if let context {
            let state = context.pointee.instate
            if state == XML_PARSER_ATTRIBUTE_VALUE || state == XML_PARSER_START_TAG { return nil }
        }
        return entities.entity(named: name)
    }

    func libxmlError(_ error: UnsafePointer<xmlError>) {
        let level = error.pointee.level
        guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
        let trimmed = PlainText.collapse(message)
        let line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
        record(FeedParseError(.malformed, line: line, message: trimmed))
    }

    // MARK: Errors and stopping

    var line: Int? {
        guard let context else { return nil }
        let number = Int(xmlSAX2GetLineNumber(context))
        return number > 0 ? number : nil
    }

    func record(_ error: FeedParseError) {
        if document.errors.count < limits.maxErrors {
            document.errors.append(error)
        } else {
            suppressedErrors += 1
        }
    }

    /// Records `error` and halts libxml2: no further events arrive, the items so far are kept.
    func stop(_ error: FeedParseError) {
        record(error)
        stopped = true
        capture = nil
        if let context { xmlStopParser(context) }
    }

    /// libxml2 2.9 silently drops every later entity reference (even `&amp;`) once a document is known to be
    /// malformed, which in recover mode would mangle the text after the first error; clearing the flag at each
    /// event keeps references decoded. Errors are tracked in `document.errors` instead.
    @inline(__always)
    private func keepEntityReferences() {
        context?.pointee.wellFormed = 1
    }

    /// The document as built so far; an item still open (a truncated document) is dropped, since its fields may be
    /// cut short and would give it a different identity from the complete item in the next fetch.
    func finishDocument() -> FeedDocument {
        if suppressedErrors > 0 {
            document.errors.append(FeedParseError(.malformed, message: "\(suppressedErrors) more errors not listed"))
        }
        if document.format == .unknown, !stopped, !document.errors.contains(where: { $0.code == .notAFeed }) {
            document.errors.append(FeedParseError(.notAFeed, message: "not a feed: no root element found"))
        }
        if document.title == nil { document.title = channelFallbackTitle }
        let language = document.language ?? currentLanguage
        if let language {
            for index in items.indices where items[index].language == nil { items[index].language = language }
        }
        ItemIdentity.assign(&items)
        document.items = items
        items = []
        return document
    }
}
