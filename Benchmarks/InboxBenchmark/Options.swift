/// The benchmark's command line, parsed by hand to keep the target free of dependencies.
struct Options {
    var directory = "."
    var items = 5000
    var batch = 50
    var bytes = 1024

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        guard let directory = rest.popFirst() else {
            InboxBenchmark.fail("usage: InboxBenchmark DIRECTORY [--items N] [--batch N] [--bytes N]")
        }
        self.directory = directory
        while let name = rest.popFirst() {
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                InboxBenchmark.fail("\(name) needs a positive number")
            }
            switch name {
            case "--items": items = value
            case "--batch": batch = value
            case "--bytes": bytes = value
            default: InboxBenchmark.fail("unknown option \(name)")
            }
        }
    }
}
