/// A table under construction. Headers and dotted keys reach back into tables created earlier, so
/// the parser builds a tree of reference nodes and freezes it into `TOMLTable` values at the end.
final class TableNode {
    /// How the table came to exist, which decides whether a header or a dotted key may reopen it.
    enum Origin {
        case root
        /// Created as an ancestor of a header (`a` for `[a.b]`); a later `[a]` may still define it.
        case implicit
        /// Defined by a `[header]` or as an element of `[[array]]`; never defined again.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`); dotted keys may extend it, headers may not.
        case dotted
        /// The body of an inline table, frozen once its `}` is read.
        case inline
    }

    /// An entry of a table while parsing.
    enum Slot {
        case value(TOMLValue)
        case table(TableNode)
        case tables(TableArrayNode)

        var line: Int {
            switch self {
            case .value(let value): value.line
            case .table(let node): node.line
            case .tables(let array): array.line
            }
        }

        /// "an integer", "a table", "an array of tables", for messages.
        var typeNameWithArticle: String {
            switch self {
            case .value(let value): value.typeNameWithArticle
            case .table: "a table"
            case .tables: "an array of tables"
            }
        }
    }

    var origin: Origin
    var line: Int
    /// Number of tables above this one, bounded by `TOML.maxDepth`.
    let depth: Int
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(origin: Origin, line: Int, depth: Int) {
        self.origin = origin
        self.line = line
        self.depth = depth
    }

    subscript(name: String) -> Slot? {
        slots[name]
    }

    /// Adds a new entry; the caller has checked that `name` is free.
    func add(_ name: String, _ slot: Slot) {
        order.append(name)
        slots[name] = slot
    }

    /// The finished table. Recursion is bounded by the depth limit on nodes.
    func freeze() -> TOMLTable {
        var table = TOMLTable(line: line, capacity: order.count)
        for name in order {
            guard let slot = slots[name] else { continue }
            switch slot {
            case .value(let value):
                table.set(name, to: value)
            case .table(let node):
                table.set(name, to: TOMLValue(.table(node.freeze()), line: node.line))
            case .tables(let array):
                var elements: [TOMLValue] = []
                elements.reserveCapacity(array.elements.count)
                for node in array.elements {
                    elements.append(TOMLValue(.table(node.freeze()), line: node.line))
                }
                table.set(name, to: TOMLValue(.array(elements), line: array.line))
            }
        }
        return table
    }
}

/// An array of tables (`[[name]]`) under construction; headers always extend its last element.
final class TableArrayNode {
    /// Line of the first `[[name]]` header.
    let line: Int
    var elements: [TableNode]

    init(line: Int, first: TableNode) {
        self.line = line
        self.elements = [first]
    }
}
