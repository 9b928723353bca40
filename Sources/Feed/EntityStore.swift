internal import CLibXML2

/// Entity declarations for HTML character references, made on demand for one parser.
///
/// Feeds write `&nbsp;` or `&eacute;` without declaring them. Answering libxml2's `getEntity` question with an
/// entity of type `XML_INTERNAL_PREDEFINED_ENTITY` makes it insert the text directly, exactly like `&amp;`, with no
/// recursive expansion. Entities the document declares itself in a DTD are never looked up here, so they stay
/// unexpanded: no billion-laughs growth is possible.
final class EntityStore {
    private var entities: [String: xmlEntityPtr] = [:]

    func entity(named name: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
        let key = String(cString: name)
        if let existing = entities[key] { return existing }
        guard let scalar = HTMLEntities.scalar(named: key) else { return nil }
        let entity = xmlEntityPtr.allocate(capacity: 1)
        entity.initialize(to: xmlEntity())
        entity.pointee.type = XML_ENTITY_DECL
        entity.pointee.etype = XML_INTERNAL_PREDEFINED_ENTITY
        entity.pointee.name = UnsafePointer(Self.cString(Array(key.utf8)))
        let content = Array(String(scalar).utf8)
        entity.pointee.content = Self.cString(content)
        entity.pointee.length = Int32(content.count)
        entities[key] = entity
        return entity
    }

    deinit {
        for entity in entities.values {
            UnsafeMutablePointer(mutating: entity.pointee.name)?.deallocate()
            entity.pointee.content?.deallocate()
            entity.deinitialize(count: 1)
            entity.deallocate()
        }
    }

    private static func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<xmlChar> {
        let buffer = UnsafeMutablePointer<xmlChar>.allocate(capacity: bytes.count + 1)
        buffer.initialize(from: bytes, count: bytes.count)
        buffer[bytes.count] = 0
        return buffer
    }
}
