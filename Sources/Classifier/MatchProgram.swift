/// Phrases compiled into flat arrays of plain values, which the matcher walks by index.
///
/// Why: `PatternElement` is a tree (groups and classes hold arrays of phrases), and walking it
/// copies array references at every step, which costs a retain and a release each time; in
/// the inner loop of the classifier that was a fifth of the work. Here every phrase is a
/// range of `ops`, a group or a class is a range of `spans` (each span a phrase's op range),
/// and an op or a test holds only numbers, so reading one copies a few bytes and nothing else.
/// A phrase set owns one program holding its phrases and the classes they use.
struct MatchProgram: Sendable {
    enum Code: UInt8, Sendable {
        /// One token passing test `first`.
        case atom
        /// One token passing any of tests `first ..< first + count`.
        case atoms
        /// Any phrase of class `first` (its phrases are `classSpans[first]`).
        case wordClass
        /// Any of the phrases `spans[first ..< first + count]`; with `orActor`, an actor name too.
        case group, groupOrActor
        /// An actor name.
        case actor
        /// Zero to `first` tokens.
        case gap
    }

    struct Op: Sendable {
        var code: Code
        var optional: Bool
        var first: Int32
        var count: Int32
    }

    enum TestKind: UInt8, Sendable {
        case word, stem, number, year, never
    }

    /// A test on one token: word or stem number, number, year.
    struct Test: Sendable {
        var kind: TestKind
        var id: Int32
        var letterCase: LetterCase
    }

    private(set) var ops: [Op] = []
    private(set) var tests: [Test] = []
    /// Op ranges of phrases inside groups and classes.
    private(set) var spans: [Range<Int32>] = []
    /// Per class index, the range of `spans` holding its phrases (longest first); empty if unused.
    private(set) var classSpans: [Range<Int32>] = []

    /// Compiles a numbered phrase (see `Vocabulary.resolve`) and returns its op range.
    mutating func add(_ elements: [PatternElement], classes: [WordClass]) -> Range<Int32> {
        var local: [Op] = []
        for element in elements {
            var op = Op(code: .actor, optional: element.optional, first: 0, count: 0)
            switch element.kind {
            case .atom(let atom):
                op.code = .atom
                op.first = Int32(tests.count)
                tests.append(Self.test(atom))
            case .atoms(let atoms):
                op.code = .atoms
                op.first = Int32(tests.count)
                op.count = Int32(atoms.count)
                tests += atoms.map(Self.test)
            case .wordClass(let index):
                op.code = .wordClass
                op.first = Int32(index)
                compileClass(index, classes: classes)
            case .group(let phrases, let orActor):
                op.code = orActor ? .groupOrActor : .group
                let compiled = phrases.map { add($0, classes: classes) }
                op.first = Int32(spans.count)
                op.count = Int32(compiled.count)
                spans += compiled
            case .actor:
                op.code = .actor
            case .gap(let maximum):
                op.code = .gap
                op.first = Int32(maximum)
            }
            local.append(op)
        }
        let start = Int32(ops.count)
        ops += local
        return start..<Int32(ops.count)
    }

    private mutating func compileClass(_ index: Int, classes: [WordClass]) {
        if classSpans.count <= index {
            classSpans += Array(repeating: 0..<0, count: index + 1 - classSpans.count)
        }
        guard classSpans[index].isEmpty else { return }
        let compiled = classes[index].phrases.map { add($0, classes: classes) }
        let start = Int32(spans.count)
        spans += compiled
        classSpans[index] = start..<Int32(spans.count)
    }

    private static func test(_ atom: Atom) -> Test {
        switch atom {
        case .known(let id, let letterCase): Test(kind: .word, id: id, letterCase: letterCase)
        case .stem(let id): Test(kind: .stem, id: id, letterCase: .any)
        case .number: Test(kind: .number, id: 0, letterCase: .any)
        case .year: Test(kind: .year, id: 0, letterCase: .any)
        case .word, .prefix: Test(kind: .never, id: 0, letterCase: .any)
        }
    }
}
