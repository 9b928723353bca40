internal import CLibXML2

/// The attribute array of libxml2's `startElementNs` callback: five pointers per attribute (local name, prefix,
/// namespace URI, value start, value end). Values are read only when asked for.
struct SAXAttributes {
    let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute `name` in `namespace` (no namespace by default), or nil when absent.
    func value(_ name: StaticString, namespace: Namespace = .none) -> String? {
        guard let pointer else { return nil }
        for index in 0..<count {
            let fields = pointer + index * 5
            guard let local = fields[0], bytesEqual(local, name), Namespace(fields[2]) == namespace else { continue }
            guard let start = fields[3], let end = fields[4], end > start else { return "" }
            return Self.decode(UnsafeBufferPointer(start: start, count: end - start))
        }
        return nil
    }

    /// Without entity substitution libxml2 hands a `&` in an attribute value over as `&#38;`; undo that.
    private static func decode(_ bytes: UnsafeBufferPointer<xmlChar>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return TextDecoding.string(Array(bytes)) }
        let escaped = Array("&#38;".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), index + escaped.count <= bytes.count,
               bytes[index..<index + escaped.count].elementsEqual(escaped) {
                out.append(UInt8(ascii: "&"))
                index += escaped.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return TextDecoding.string(out)
    }
}
