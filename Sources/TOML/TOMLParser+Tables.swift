/// Keys, headers and the rules for which table a key or header may define or extend.
extension TOMLParser {
    /// One component of a dotted key, with its offset for error columns.
    struct KeyPart {
        var name: String
        var offset: Int
    }

    // MARK: Keys

    /// Reads `key`, `"quoted key"` or `a . b . 'c'`, with blanks allowed around the dots.
    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipWhitespace()
            let start = pos
            let name = try parseSimpleKey()
            parts.append(KeyPart(name: name, offset: start))
            skipWhitespace()
            guard peek() == Byte.dot else { return parts }
            pos += 1
        }
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek() {
        case Byte.quote, Byte.apostrophe:
            let quote = bytes[pos]
            if peek(1) == quote, peek(2) == quote {
                throw fail("a multi-line string cannot be used as a key")
            }
            return quote == Byte.quote ? try parseBasicString() : try parseLiteralString()
        default:
            let start = pos
            while pos < bytes.count, Byte.isBareKey(bytes[pos]) {
                pos += 1
            }
            guard pos > start else {
                throw fail("expected a key, found \(describe(at: pos))")
            }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }
    }

    /// A key as a person would write it in a path: bare when possible, else quoted.
    static func display(_ name: String) -> String {
        if !name.isEmpty, name.utf8.allSatisfy(Byte.isBareKey) {
            return name
        }
        var quoted = "\""
        for character in name.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            default: quoted.unicodeScalars.append(character)
            }
        }
        return quoted + "\""
    }

    static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? display(name) : prefix + "." + display(name)
    }

    // MARK: Key/value pairs

    /// Parses `key = value` and stores it in `table`; `prefix` is the display path of `table`.
    mutating func parseKeyValue(into table: TableNode, prefix: String) throws(TOMLError) {
        let parts = try parseKey()
        guard peek() == Byte.equals else {
            throw fail("expected '=' after the key, found \(describe(at: pos))", key: Self.path(prefix, parts[...]))
        }
        pos += 1
        skipWhitespace()
        let outerContext = context
        context = (prefix, parts)
        let value = try parseValue()
        context = outerContext
        try assign(value, to: parts, in: table, prefix: prefix)
    }

    /// The display path of `prefix` followed by `parts`; built only for messages.
    static func path(_ prefix: String, _ parts: ArraySlice<KeyPart>) -> String {
        var path = prefix
        for part in parts {
            path = join(path, part.name)
        }
        return path
    }

    /// Stores a value under a dotted key, creating or extending the intermediate tables it names.
    private mutating func assign(
        _ value: TOMLValue, to parts: [KeyPart], in table: TableNode, prefix: String
    ) throws(TOMLError) {
        var node = table
        for index in parts.indices {
            let part = parts[index]
            let path = { Self.path(prefix, parts[...index]) }
            if index == parts.count - 1 {
                if let existing = node[part.name] {
                    throw fail("duplicate key (first defined at line \(existing.line))", at: part.offset, key: path())
                }
                node.add(part.name, .value(value))
                return
            }
            switch node[part.name] {
            case nil:
                let child = try makeTable(in: node, origin: .dotted, at: part.offset, path: path())
                node.add(part.name, .table(child))
                node = child
            case .table(let child) where child.origin == .dotted || child.origin == .implicit:
                child.origin = .dotted
                node = child
            case .table(let child):
                let message = "cannot add to table '\(path())' with a dotted key: "
                    + "it is defined by a header at line \(child.line)"
                throw fail(message, at: part.offset, key: path())
            case .some(let slot):
                throw fail(Self.notATable(slot), at: part.offset, key: path())
            }
        }
    }

    /// Why a key that names something other than an open table cannot be used as one.
    private static func notATable(_ slot: TableNode.Slot) -> String {
        if case .value(let value) = slot, value.tableValue != nil {
            return "an inline table (line \(value.line)) cannot be extended"
        }
        return "already defined as \(slot.typeNameWithArticle) at line \(slot.line), not a table"
    }

    /// A new child table, refusing to go deeper than `TOML.maxDepth`.
    func makeTable(
        in parent: TableNode, origin: TableNode.Origin, at offset: Int, path: @autoclosure () -> String
    ) throws(TOMLError) -> TableNode {
        guard parent.depth < TOML.maxDepth else {
            throw fail("tables are nested more than \(TOML.maxDepth) levels deep", at: offset, key: path())
        }
        return TableNode(origin: origin, line: line(at: offset), depth: parent.depth + 1)
    }

    // MARK: Headers

    /// Parses `[a.b]` or `[[a.b]]` and makes that table the target of the key/value lines that follow.
    mutating func parseHeader() throws(TOMLError) {
        let start = pos
        let isArray = peek(1) == Byte.leftBracket
        pos += isArray ? 2 : 1
        let parts = try parseKey()
        let closing = isArray ? "]]" : "]"
        if isArray, peek() == Byte.rightBracket, peek(1) != Byte.rightBracket {
            throw fail("expected ']]' to close the header, found \(describe(at: pos + 1))", at: pos + 1)
        }
        guard peek() == Byte.rightBracket, !isArray || peek(1) == Byte.rightBracket else {
            throw fail("expected '\(closing)' to close the header, found \(describe(at: pos))")
        }
        pos += isArray ? 2 : 1

        var node = root
        var path = ""
        for part in parts.dropLast() {
            path = Self.join(path, part.name)
            switch node[part.name] {
            case nil:
                let child = try makeTable(in: node, origin: .implicit, at: start, path: path)
                node.add(part.name, .table(child))
                node = child
            case .table(let child):
                node = child
            case .tables(let array):
                path += "[\(array.elements.count - 1)]"
                node = array.elements[array.elements.count - 1]
            case .some(let slot):
                throw fail(Self.notATable(slot), at: part.offset, key: path)
            }
        }
        guard let last = parts.last else { return }
        path = Self.join(path, last.name)
        if isArray {
            try openArrayElement(last.name, in: node, path: path, at: start)
        } else {
            try openTable(last.name, in: node, path: path, at: start)
        }
    }

    private mutating func openTable(
        _ name: String, in parent: TableNode, path: String, at start: Int
    ) throws(TOMLError) {
        switch parent[name] {
        case nil:
            let table = try makeTable(in: parent, origin: .header, at: start, path: path)
            parent.add(name, .table(table))
            current = table
        case .table(let table) where table.origin == .implicit:
            table.origin = .header
            table.line = line(at: start)
            current = table
        case .table(let table) where table.origin == .dotted:
            throw fail("table '\(path)' was already created by dotted keys at line \(table.line)", at: start, key: path)
        case .table(let table):
            throw fail("table '\(path)' is defined twice (first at line \(table.line))", at: start, key: path)
        case .some(let slot):
            throw fail(Self.notATable(slot), at: start, key: path)
        }
        sectionPath = path
    }

    private mutating func openArrayElement(
        _ name: String, in parent: TableNode, path: String, at start: Int
    ) throws(TOMLError) {
        let element = try makeTable(in: parent, origin: .header, at: start, path: path)
        switch parent[name] {
        case nil:
            parent.add(name, .tables(TableArrayNode(line: line(at: start), first: element)))
        case .tables(let array):
            array.elements.append(element)
        case .some(let slot):
            throw fail(
                "cannot append to '\(path)': it is already \(slot.typeNameWithArticle) (line \(slot.line))",
                at: start, key: path)
        }
        current = element
        if case .tables(let array) = parent[name] {
            sectionPath = path + "[\(array.elements.count - 1)]"
        }
    }
}
