internal import CLibXML2

/// The libxml2 SAX2 callback table. The callbacks are C function pointers without captures (capturing closures
/// crash the Swift 6.3 compiler, see the toolchain notes); each one reaches the ``FeedBuilder`` through the
/// context's user data, which ``FeedParser`` sets to an unretained pointer to it.
enum FeedSAXHandler {
    static func make() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { userData, localName, _, uri, _, _, attributeCount, _, attributes in
            guard let userData, let localName else { return }
            let list = SAXAttributes(pointer: attributes, count: Int(attributeCount))
            withBuilder(userData) { $0.startElement(localName, uri: uri, attributes: list) }
        }
        handler.endElementNs = { userData, _, _, _ in
            guard let userData else { return }
            withBuilder(userData) { $0.endElement() }
        }
        handler.characters = characters
        handler.cdataBlock = characters
        handler.ignorableWhitespace = characters
        handler.getEntity = { userData, name in
            guard let userData, let name else { return nil }
            return withBuilder(userData) { $0.entity(named: name) }
        }
        // A structured error handler on the handler itself, rather than the process-wide xmlSetStructuredErrorFunc:
        // libxml2 then reports this context's errors here and never prints them to stderr.
        handler.serror = { userData, error in
            guard let userData, let error else { return }
            withBuilder(userData) { $0.libxmlError(error) }
        }
        return handler
    }

}

/// One callback for text, CDATA and whitespace: they all become element text.
private func characters(_ userData: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
    guard let userData, let bytes, count > 0 else { return }
    withBuilder(userData) { $0.characters(bytes, count: Int(count)) }
}

/// Runs `body` on the builder behind `userData` without retaining and releasing it: the parser
/// holds the builder for the whole parse, and a retain and a release per callback (hundreds of
/// thousands a megabyte) were a measurable share of the parse.
///
/// A free function, not a static method: referring to `Self` inside a callback would make it capture context.
@inline(__always)
private func withBuilder<Result>(_ userData: UnsafeMutableRawPointer, _ body: (FeedBuilder) -> Result) -> Result {
    Unmanaged<FeedBuilder>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
}
