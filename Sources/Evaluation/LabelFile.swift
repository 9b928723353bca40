import Classifier
import Foundation

/// Reads label files: JSON Lines, one object per item with `id`, `title`, `summary`, `labels`,
/// `types` and the optional `hard` and `note`; other fields (source, date, url, ...) are ignored.
///
/// Every line is checked against the labelling rule, because a typo in a gold label silently
/// skews every figure computed from it; the first problem stops the load with its line.
public enum LabelFile {
    /// Loads and validates the file at `url`; `name` is how errors refer to it (default: its path).
    public static func load(from url: URL, name: String? = nil) throws(LabelFileError) -> [LabelledItem] {
        let file = name ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LabelFileError(code: .unreadable, file: file, message: "cannot read the file: \(reason(url))")
        }
        return try parse(data, file: file)
    }

    /// Validates the bytes of a label file; blank lines are allowed, an empty file is not.
    public static func parse(_ data: Data, file: String) throws(LabelFileError) -> [LabelledItem] {
        var items: [LabelledItem] = []
        var firstLine: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let item = try parseLine(Data(line), file: file, line: lineNumber)
            if let first = firstLine[item.id] {
                throw LabelFileError(
                    code: .invalid, file: file, line: lineNumber,
                    message: "duplicate id \"\(item.id)\" (first used on line \(first))")
            }
            firstLine[item.id] = lineNumber
            items.append(item)
        }
        if items.isEmpty {
            throw LabelFileError(code: .invalid, file: file, message: "the file holds no labelled item")
        }
        return items
    }

    private static func parseLine(_ data: Data, file: String, line: Int) throws(LabelFileError) -> LabelledItem {
        func invalid(_ message: String) -> LabelFileError {
            LabelFileError(code: .invalid, file: file, line: line, message: message)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw LabelFileError(code: .syntax, file: file, line: line, message: "expected one JSON object on the line")
        }
        let id: String
        if let text = fields["id"] as? String, !text.isEmpty {
            id = text
        } else if let number = fields["id"] as? Int, !(fields["id"] is Bool) {
            id = String(number)
        } else {
            throw invalid(fields["id"] == nil ? "missing \"id\"" : "\"id\" must be a non-empty string or an integer")
        }
        let title = try string(fields, "title", required: true, error: invalid) ?? ""
        let summary = try string(fields, "summary", required: true, error: invalid) ?? ""
        let note = try string(fields, "note", required: false, error: invalid)
        var hard = false
        if let value = fields["hard"], !(value is NSNull) {
            guard let flag = value as? Bool else { throw invalid("\"hard\" must be true or false") }
            hard = flag
        }
        let labels: Set<Label> = try names(fields, "labels", error: invalid) { name throws(LabelFileError) in
            guard let label = Label(rawValue: name) else {
                throw invalid("unknown label \"\(name)\" (expected provocation or diplomatic)")
            }
            return label
        }
        let types: Set<EventType> = try names(fields, "types", error: invalid) { name throws(LabelFileError) in
            guard let type = EventType(rawValue: name) else { throw invalid("unknown event type \"\(name)\"") }
            return type
        }
        for type in EventType.allCases where types.contains(type) && !labels.contains(type.label) {
            throw invalid(
                "event type \"\(type.rawValue)\" belongs to \(type.label.rawValue), which is not in \"labels\"")
        }
        for label in Label.allCases where labels.contains(label) && !types.contains(where: { $0.label == label }) {
            throw invalid("label \"\(label.rawValue)\" has no event type in \"types\"")
        }
        return LabelledItem(
            id: id, title: title, summary: summary, labels: labels, types: types, hard: hard, note: note, line: line)
    }

    private static func string(
        _ fields: [String: Any], _ key: String, required: Bool, error: (String) -> LabelFileError
    ) throws(LabelFileError) -> String? {
        guard let value = fields[key], !(value is NSNull) else {
            if required { throw error("missing \"\(key)\"") }
            return nil
        }
        guard let text = value as? String else { throw error("\"\(key)\" must be a string") }
        return text
    }

    private static func names<T: Hashable>(
        _ fields: [String: Any], _ key: String, error: (String) -> LabelFileError,
        _ convert: (String) throws(LabelFileError) -> T
    ) throws(LabelFileError) -> Set<T> {
        guard let value = fields[key] else { throw error("missing \"\(key)\" (use [] for none)") }
        guard let list = value as? [Any] else { throw error("\"\(key)\" must be an array of strings") }
        var result = Set<T>()
        for element in list {
            guard let name = element as? String else { throw error("\"\(key)\" must be an array of strings") }
            guard result.insert(try convert(name)).inserted else {
                throw error("\"\(name)\" appears twice in \"\(key)\"")
            }
        }
        return result
    }

    private static func reason(_ url: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) { return "no such file" }
        return isDirectory.boolValue ? "it is a directory" : "permission denied or I/O error"
    }
}
