import Classifier
import Feed
import Foundation
import JSONText

extension ClassifiedItem {
    /// The digest view of a stored record (as ``decodeForDigest(_:)``) read by hand, about five
    /// times faster than `JSONDecoder`: a rebuild reads every record of a day, and decoding was
    /// most of its time. Nil when the record holds anything the reader is not sure of (see
    /// ``JSONCursor``); the caller then decodes it with `JSONDecoder`, so results never differ.
    static func fastDigestView(_ bytes: [UInt8]) -> ClassifiedItem? {
        var cursor = JSONCursor(bytes)
        do {
            let record = try cursor.record()
            try cursor.end()
            return record
        } catch {
            return nil
        }
    }
}

extension JSONCursor {
    /// Fields a record must have, as the synthesised `Decodable` requires them.
    fileprivate mutating func record() throws -> ClassifiedItem {
        var version: Int?, item: FeedItem?, feedTitle: String?, firstSeen: Date?, day: String?
        var classification: Classification?, revision: Int?, firstReported: String?
        try object { cursor, key in
            switch key {
            case "version": version = try cursor.int()
            case "item": item = try cursor.feedItem()
            case "feedTitle": feedTitle = try cursor.string()
            case "firstSeen": firstSeen = try cursor.date()
            case "day": day = try cursor.string()
            case "classification": classification = try cursor.digestClassification()
            case "revision": revision = try cursor.null() ? nil : try cursor.int()
            case "firstReported": firstReported = try cursor.null() ? nil : try cursor.string()
            default: try cursor.skipValue()
            }
        }
        guard let version, let item, let feedTitle, let firstSeen, let day, let classification else { throw Mismatch() }
        var record = ClassifiedItem(
            item: item, feedTitle: feedTitle, firstSeen: firstSeen, day: day, classification: classification,
            revision: revision, firstReported: firstReported)
        record.version = version
        return record
    }

    /// What a digest shows of a classification (``Classification/digestViewKey``); the rest is
    /// skipped, still checked to be well-formed.
    private mutating func digestClassification() throws -> Classification {
        var labels: [Label]?, types: [EventType]?, severity: Int?, actors: [String]?, focus: Bool?
        var evidence: [Evidence]?
        try object { cursor, key in
            switch key {
            case "labels": labels = try cursor.array { try $0.enumValue(Label.self) }
            case "types": types = try cursor.array { try $0.enumValue(EventType.self) }
            case "severity": severity = try cursor.null() ? nil : try cursor.int()
            case "actors": actors = try cursor.array { try $0.string() }
            case "focus": focus = try cursor.bool()
            case "evidence": evidence = try cursor.array { try $0.evidence() }
            default: try cursor.skipValue()
            }
        }
        guard let labels, let types, let actors, let focus, let evidence else { throw Mismatch() }
        return Classification(
            labels: labels, types: types, severity: severity, confidence: [:], actors: actors, focus: focus,
            evidence: evidence, suppressed: [], note: nil, events: [])
    }

    private mutating func evidence() throws -> Evidence {
        var type: EventType?, rule: String?, text: String?
        try object { cursor, key in
            switch key {
            case "type": type = try cursor.enumValue(EventType.self)
            case "rule": rule = try cursor.string()
            case "text": text = try cursor.string()
            default: try cursor.skipValue()
            }
        }
        guard let type, let rule, let text else { throw Mismatch() }
        return Evidence(type: type, rule: rule, text: text)
    }
}
