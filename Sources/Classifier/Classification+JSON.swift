import JSONText

extension Classification {
    /// Writes the classification as its `Encodable` conformance would under `JSONEncoder` with
    /// sorted keys (see ``JSONWriter``); throws only for a confidence that is not finite.
    public func write(to writer: inout JSONWriter) throws(JSONWriter.NotFinite) {
        writer.beginObject()
        writer.member("actors", strings: actors)
        writer.key("confidence")
        try writer.object(confidence) { (writer, value) throws(JSONWriter.NotFinite) in try writer.double(value) }
        writer.key("events")
        writer.beginArray()
        for event in events { try event.write(to: &writer) }
        writer.endArray()
        writer.key("evidence")
        Evidence.write(evidence, to: &writer)
        writer.key("focus")
        writer.bool(focus)
        writer.key("labels")
        writer.beginArray()
        for label in labels { writer.string(label.rawValue) }
        writer.endArray()
        writer.member("note", note)
        writer.member("severity", severity)
        writer.key("suppressed")
        Evidence.write(suppressed, to: &writer)
        writer.key("types")
        writer.beginArray()
        for type in types { writer.string(type.rawValue) }
        writer.endArray()
        writer.endObject()
    }
}

extension DetectedEvent {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NotFinite) {
        writer.beginObject()
        writer.member("actor", actor)
        writer.key("confidence")
        try writer.double(confidence)
        writer.key("evidence")
        evidence.write(to: &writer)
        writer.member("severity", severity)
        writer.member("target", target)
        writer.member("type", type.rawValue)
        writer.endObject()
    }
}

extension Evidence {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("rule", rule)
        writer.member("text", text)
        writer.member("type", type.rawValue)
        writer.endObject()
    }

    static func write(_ list: [Evidence], to writer: inout JSONWriter) {
        writer.beginArray()
        for evidence in list { evidence.write(to: &writer) }
        writer.endArray()
    }
}
