/// Every word and stem the knowledge mentions, numbered, so that matching compares integers.
///
/// Why: an item is matched against ~1,000 phrases by several phrase sets. Looking words up
/// once per token (its word number and the numbers of the stems it starts with) and then
/// comparing integers is several times faster than comparing and hashing strings at every
/// step. Words and stems sit in one byte trie, so a token is looked up in a single walk over
/// its UTF-8 bytes. Words the knowledge never mentions get no number and only match gaps.
struct Vocabulary: Sendable {
    /// Trie node: children as a linked list (few per node), and the numbers ending here.
    private struct Node: Sendable {
        var byte: UInt8
        var firstChild: Int32 = -1
        var sibling: Int32 = -1
        var word: Int32 = -1
        var stem: Int32 = -1
    }

    private var nodes: [Node] = [Node(byte: 0)]
    private var wordCount: Int32 = 0
    private var stemCount: Int32 = 0
    /// Byte lengths of the words and stems by number, and the words marked common (see `cost`).
    private var wordLengths: [Int] = []
    private var stemLengths: [Int] = []
    private var common = BitSet()
    /// Dense child table for the common bytes (see `column`), `columns` entries per node, -1 for
    /// none; built by `seal()` once the knowledge is complete, so that looking a word up costs
    /// one array read per byte instead of a walk along a sibling list. Empty until sealed.
    private var table: [Int32] = []
    private static let columns = 38

    /// The table column of a byte: letters, digits and the apostrophe; other bytes have none.
    @inline(__always)
    private static func column(_ byte: UInt8) -> Int {
        switch byte {
        case 0x61...0x7A: Int(byte &- 0x61)
        case 0x30...0x39: 26 + Int(byte &- 0x30)
        case 0x27: 36
        default: -1
        }
    }

    /// Builds the dense child table; call after the last `intern`. Interning later unseals.
    mutating func seal() {
        table = [Int32](repeating: -1, count: nodes.count * Self.columns)
        for parent in nodes.indices {
            var child = nodes[parent].firstChild
            while child >= 0 {
                let column = Self.column(nodes[Int(child)].byte)
                if column >= 0 { table[parent * Self.columns + column] = child }
                child = nodes[Int(child)].sibling
            }
        }
    }

    /// The number of `word`, adding it if new.
    mutating func intern(word: String) -> Int32 {
        let node = insert(word)
        if nodes[node].word < 0 {
            nodes[node].word = wordCount
            wordCount += 1
            wordLengths.append(word.utf8.count)
        }
        return nodes[node].word
    }

    /// The number of `stem`, adding it if new.
    mutating func intern(stem: String) -> Int32 {
        let node = insert(stem)
        if nodes[node].stem < 0 {
            nodes[node].stem = stemCount
            stemCount += 1
            stemLengths.append(stem.utf8.count)
        }
        return nodes[node].stem
    }

    /// Marks words as common in running text (the settings' English function words).
    mutating func markCommon(_ words: [Int32]) {
        for word in words { common.insert(word) }
    }

    /// A guess at how often a numbered atom matches a token of running text, for choosing
    /// anchors (`PhraseGates`): a content word costs 1; a function word, a word of one or two
    /// letters or a stem of up to three letters costs 50; numbers match too often to be used.
    func cost(_ atom: Atom) -> Int? {
        switch atom {
        case .known(let word, _):
            common.contains(word) || wordLengths[Int(word)] <= 2 ? 50 : 1
        case .stem(let stem):
            stemLengths[Int(stem)] <= 3 ? 50 : 1
        case .number, .year, .word, .prefix:
            nil
        }
    }

    /// The number of a word, or -1 when the knowledge never mentions it.
    func id(of word: String) -> Int32 {
        var node = 0
        for byte in word.utf8 {
            guard let next = child(of: node, byte) else { return -1 }
            node = next
        }
        return nodes[node].word
    }

    private mutating func insert(_ text: String) -> Int {
        table = []
        var node = 0
        for byte in text.utf8 {
            if let next = child(of: node, byte) {
                node = next
                continue
            }
            let index = Int32(nodes.count)
            nodes.append(Node(byte: byte, sibling: nodes[node].firstChild))
            nodes[node].firstChild = index
            node = Int(index)
        }
        return node
    }

    @inline(__always)
    private func child(of node: Int, _ byte: UInt8) -> Int? {
        if !table.isEmpty {
            let column = Self.column(byte)
            if column >= 0 {
                let child = table[node * Self.columns + column]
                return child >= 0 ? Int(child) : nil
            }
        }
        var child = nodes[node].firstChild
        while child >= 0 {
            if nodes[Int(child)].byte == byte { return Int(child) }
            child = nodes[Int(child)].sibling
        }
        return nil
    }

    /// Rewrites the atoms of `elements` (and of groups inside them) to numbered atoms.
    mutating func resolve(_ elements: [PatternElement]) -> [PatternElement] {
        elements.map { element in
            var resolved = element
            switch element.kind {
            case .atom(let atom):
                resolved.kind = .atom(resolve(atom))
            case .atoms(let atoms):
                resolved.kind = .atoms(atoms.map { resolve($0) })
            case .group(let phrases, let orActor):
                resolved.kind = .group(phrases.map { resolve($0) }, orActor: orActor)
            case .wordClass, .actor, .gap:
                break
            }
            return resolved
        }
    }

    private mutating func resolve(_ atom: Atom) -> Atom {
        switch atom {
        case .word(let word, let letterCase): .known(intern(word: word), letterCase)
        case .prefix(let stem): .stem(intern(stem: stem))
        case .number, .year, .known, .stem: atom
        }
    }

    /// Gives every token its word number and the numbers of the stems it starts with.
    ///
    /// One walk down the trie per token, over raw buffers: this runs for every token of every
    /// item, and array accessors in the loop (bounds checks, uniqueness checks on each write)
    /// cost more than the walk itself.
    func annotate(_ text: inout TokenizedText) {
        var pool: [Int32] = []
        swap(&pool, &text.stemPool)
        pool.removeAll(keepingCapacity: true)
        let bytes = text.bytes
        nodes.withUnsafeBufferPointer { nodes in
            table.withUnsafeBufferPointer { table in
                bytes.withUnsafeBufferPointer { bytes in
                    text.tokens.withUnsafeMutableBufferPointer { tokens in
                        for index in tokens.indices {
                            let start = Int32(pool.count)
                            var node = 0
                            var complete = true
                            var position = Int(tokens[index].textStart)
                            let end = Int(tokens[index].textEnd)
                            while position < end {
                                let byte = bytes[position]
                                let column = table.isEmpty ? -1 : Self.column(byte)
                                var next: Int32 = -1
                                if column >= 0 {
                                    next = table[node * Self.columns + column]
                                } else {
                                    next = nodes[node].firstChild
                                    while next >= 0 && nodes[Int(next)].byte != byte { next = nodes[Int(next)].sibling }
                                }
                                guard next >= 0 else {
                                    complete = false
                                    break
                                }
                                node = Int(next)
                                if nodes[node].stem >= 0 { pool.append(nodes[node].stem) }
                                position += 1
                            }
                            tokens[index].word = complete ? nodes[node].word : -1
                            tokens[index].stems = start..<Int32(pool.count)
                        }
                    }
                }
            }
        }
        swap(&pool, &text.stemPool)
    }
}
