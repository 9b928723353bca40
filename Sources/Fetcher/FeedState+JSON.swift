import Foundation
import JSONText

extension FeedState {
    /// The state as `JSONEncoder` with sorted keys, pretty printing and ISO 8601 dates writes
    /// it (``FeedStateStore/encoder``; an operator may read the file), written by hand: the
    /// state is saved after every fetch, even a 304 (and, on a database server, with the
    /// thousands of item ids a busy feed remembers).
    func written() throws(JSONWriter.NotFinite) -> [UInt8] {
        var writer = JSONWriter(capacity: 512 + 120 * seen.count, prettyPrinted: true)
        writer.beginObject()
        writer.member("bodySHA256", bodySHA256)
        writer.member("configuredURL", configuredURL)
        writer.key("dormant")
        writer.bool(dormant)
        if !earlierBodies.isEmpty { writer.member("earlierBodies", strings: earlierBodies) }
        writer.member("errorStreak", errorStreak)
        writer.member("etag", etag)
        writer.member("failingSince", failingSince)
        if !fingerprints.isEmpty {
            writer.key("fingerprints")
            writer.object(fingerprints) { $0.string($1) }
        }
        if let interval {
            writer.key("interval")
            try writer.double(interval)
        }
        writer.member("lastAttempt", lastAttempt)
        writer.member("lastError", lastError)
        writer.member("lastModified", lastModified)
        writer.member("lastStatus", lastStatus)
        writer.member("lastSuccess", lastSuccess)
        writer.member("nextCheck", nextCheck)
        writer.member("rateLimitedUntil", rateLimitedUntil)
        if !items.omitted || items.sightings != nil {
            writer.key("recentSightings")
            writer.object(recentSightings) { $0.int($1) }
        }
        if !items.omitted || items.recordedIDs != nil { writer.member("rememberedIDs", rememberedIDs) }
        if !revisions.isEmpty {
            writer.key("revisions")
            writer.object(revisions) { $0.int($1) }
        }
        if !seen.isEmpty {
            writer.key("seen")
            try writer.object(seen) { (writer, value) throws(JSONWriter.NotFinite) in try writer.double(value) }
        }
        writer.member("url", url)
        writer.member("version", version)
        writer.endObject()
        return writer.bytes
    }

    /// A state read by hand (``JSONCursor``); nil when the cursor is not sure of something in
    /// it, and the caller reads it with `JSONDecoder`. Every key but the URL is optional, as in
    /// ``init(from:)``.
    static func read(_ bytes: [UInt8]) -> FeedState? {
        var cursor = JSONCursor(bytes)
        do {
            var url: String?
            var fields = FeedState(url: "")
            fields.version = 1
            try cursor.object { cursor, key in
                switch key {
                case "url": url = try cursor.string()
                case "version": fields.version = try cursor.int()
                case "configuredURL": fields.configuredURL = try cursor.optionalString()
                case "etag": fields.etag = try cursor.optionalString()
                case "lastModified": fields.lastModified = try cursor.optionalString()
                case "bodySHA256": fields.bodySHA256 = try cursor.optionalString()
                case "earlierBodies": fields.earlierBodies = try cursor.null() ? [] : try cursor.array { try $0.string() }
                case "lastAttempt": fields.lastAttempt = try cursor.optionalDate()
                case "lastSuccess": fields.lastSuccess = try cursor.optionalDate()
                case "lastStatus": fields.lastStatus = try cursor.null() ? nil : try cursor.int()
                case "lastError": fields.lastError = try cursor.optionalString()
                case "errorStreak": fields.errorStreak = try cursor.null() ? 0 : try cursor.int()
                case "failingSince": fields.failingSince = try cursor.optionalDate()
                case "dormant": fields.dormant = try cursor.null() ? false : try cursor.bool()
                case "rateLimitedUntil": fields.rateLimitedUntil = try cursor.optionalDate()
                case "interval": fields.interval = try cursor.null() ? nil : try cursor.double()
                case "nextCheck": fields.nextCheck = try cursor.optionalDate()
                case "seen": fields.seen = try cursor.null() ? [:] : try cursor.map { try $0.double() }
                case "fingerprints": fields.fingerprints = try cursor.null() ? [:] : try cursor.map { try $0.string() }
                case "revisions": fields.revisions = try cursor.null() ? [:] : try cursor.map { try $0.int() }
                case "recentSightings": fields.items.sightings = try cursor.null() ? nil : try cursor.map { try $0.int() }
                case "rememberedIDs": fields.items.recordedIDs = try cursor.null() ? nil : try cursor.int()
                default: try cursor.skipValue()
                }
            }
            try cursor.end()
            guard let url else { return nil }
            fields.url = url
            return fields
        } catch {
            return nil
        }
    }
}

extension JSONCursor {
    fileprivate mutating func optionalDate() throws -> Date? {
        try null() ? nil : try date()
    }

    /// An object read as a dictionary (a key given twice is refused by ``JSONCursor/object(_:)``).
    fileprivate mutating func map<Value>(_ value: (inout JSONCursor) throws -> Value) throws -> [String: Value] {
        var map: [String: Value] = [:]
        try object { cursor, key in map[key] = try value(&cursor) }
        return map
    }
}
