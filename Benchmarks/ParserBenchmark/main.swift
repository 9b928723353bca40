import Foundation

/// Benchmark and conformance helper for the `Feed` module; see `scripts/bench-parser.sh` and
/// `scripts/feedparser-conformance.sh`, which are its only intended callers.
///
/// Modes:
/// - `bench [--corpus DIR] [--big FILE] [--seconds N] [--floor]`: throughput in MB/s (10^6 bytes) on one core;
///   `--floor` adds libxml2's SAX2 parser alone (empty callbacks) on the same files.
/// - `memory FILE`: streams FILE through `push()` in 64 KiB chunks and prints the peak memory above the base.
/// - `generate FILE [--items N] [--bytes N]`: writes the deterministic large RSS 2.0 feed.
/// - `dump [--url-map FILE] FILE...`: one JSON line per file with what the parser found, for comparisons.
/// - `items FILE...`: every item of every file as a JSON line (all normalised fields, a fixed first-seen time), so
///   that two builds can be compared byte for byte.
/// - `sha256 [--seconds N]`: SHA-256 throughput of the processor's SHA instructions and of the Swift rounds.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    Console.fail("usage: ParserBenchmark bench|memory|generate|dump|items|sha256 ...")
}
let rest = Array(arguments.dropFirst())
switch mode {
case "bench": Throughput.run(rest)
case "memory": MemoryProbe.run(rest)
case "generate": GeneratedFeed.run(rest)
case "dump": Dump.run(rest)
case "items": Dump.items(rest)
case "sha256": HashRate.run(rest)
default: Console.fail("unknown mode '\(mode)'")
}
