import Foundation

/// The benchmark's command line, parsed by hand to keep the target free of dependencies.
struct Options {
    var directory = "."
    var items = 5000
    var batch = 50
    var bytes = 1024
    /// The run is cut into this many rounds, each timing the three parts in turn on its share of
    /// the items, so that a slow spell of a shared disk weighs on all three alike.
    var rounds = 5
    /// Worker threads claiming and completing at once; the daemon's default is one per core.
    var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Items a worker claims and completes together (the worker pool's batch size).
    var group = 32

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        guard let directory = rest.popFirst() else {
            InboxBenchmark.fail("usage: InboxBenchmark DIRECTORY [--items N] [--batch N] [--bytes N] [--rounds N] [--workers N] [--group N]")
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
            case "--rounds": rounds = value
            case "--workers": workers = value
            case "--group": group = value
            default: InboxBenchmark.fail("unknown option \(name)")
            }
        }
    }
}
