/// The benchmark's few command-line options, parsed by hand to keep the target free of dependencies.
struct Options {
    var knowledge = "config/classifier"
    var shared = "../shared"
    var runs = 7
    var loads = 9
    var itemsOut: String?
    /// Passes over the items per run; by default sized so that a run lasts about half a second.
    /// A fixed number makes the work identical between builds, for counting instructions.
    var passes: Int?

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { ClassifierBenchmark.fail("\(name) needs a value") }
            switch name {
            case "--knowledge": knowledge = value
            case "--shared": shared = value
            case "--items-out": itemsOut = value
            case "--runs": runs = Self.count(name, value)
            case "--loads": loads = Self.count(name, value)
            case "--passes": passes = Self.count(name, value)
            default: ClassifierBenchmark.fail("unknown option \(name)")
            }
        }
    }

    private static func count(_ name: String, _ value: String) -> Int {
        guard let number = Int(value), number > 0 else { ClassifierBenchmark.fail("\(name) needs a positive number") }
        return number
    }
}
