import Feed
import Foundation

/// Measures full parsing and normalisation (items, plain text, links, dates, ids) in MB/s on one thread.
///
/// Files are read into memory first and pushed in 64 KiB chunks, as the fetcher does. Time is the thread's CPU
/// time (what one core spends; other processes on a shared machine do not inflate it), with the wall-clock rate
/// beside it; the median of several passes is reported.
enum Throughput {
    static let chunk = 64 * 1024

    /// `--floor` adds libxml2 alone on the same files after each case.
    static func run(_ arguments: [String]) {
        let minimumSeconds = Console.option("--seconds", in: arguments).flatMap(Double.init) ?? 3
        let floor = arguments.contains("--floor")
        if let corpus = Console.option("--corpus", in: arguments) {
            let files = corpusFiles(corpus)
            if files.isEmpty {
                print("corpus: no feeds in \(corpus), skipped")
            } else {
                measure(label: "corpus", files: files, minimumSeconds: minimumSeconds)
                if floor {
                    measure(label: "libxml2 alone, corpus", files: files, minimumSeconds: minimumSeconds, parse: LibXMLFloor.parse)
                }
            }
        }
        if let big = Console.option("--big", in: arguments) {
            guard let data = FileManager.default.contents(atPath: big) else { Console.fail("cannot read \(big)") }
            measure(label: "generated", files: [(big, data)], minimumSeconds: minimumSeconds)
            if floor {
                measure(label: "libxml2 alone, generated", files: [(big, data)], minimumSeconds: minimumSeconds, parse: LibXMLFloor.parse)
            }
        }
    }

    static func corpusFiles(_ directory: String) -> [(String, Data)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") || $0.hasSuffix(".rss") }
            .compactMap { name in
                let path = directory + "/" + name
                return FileManager.default.contents(atPath: path).map { (path, $0) }
            }
    }

    /// Parses every file once per pass until `minimumSeconds` have passed (at least three passes).
    static func measure(
        label: String, files: [(String, Data)], minimumSeconds: Double, parse: (Data, String) -> Int = parse(_:path:)
    ) {
        let bytes = files.reduce(0) { $0 + $1.1.count }
        var items = 0
        var passes: [Double] = []
        var walls: [Double] = []
        let started = seconds(CLOCK_MONOTONIC)
        while passes.count < 3 || seconds(CLOCK_MONOTONIC) - started < minimumSeconds {
            let cpu = seconds(CLOCK_THREAD_CPUTIME_ID)
            let wall = seconds(CLOCK_MONOTONIC)
            items = 0
            for (path, data) in files { items += parse(data, path) }
            passes.append(seconds(CLOCK_THREAD_CPUTIME_ID) - cpu)
            walls.append(seconds(CLOCK_MONOTONIC) - wall)
            if passes.count >= 50 { break }
        }
        let median = passes.sorted()[passes.count / 2]
        let wallMedian = walls.sorted()[walls.count / 2]
        let megabytes = Double(bytes) / 1_000_000
        let counted = label.hasPrefix("libxml2") ? "SAX events" : "items"
        print("\(label): \(files.count) files, \(Console.megabytes(bytes)) MB, \(items) \(counted), \(passes.count) passes, "
            + "median CPU \(String(format: "%.3f", median)) s = \(String(format: "%.1f", megabytes / median)) MB/s "
            + "(wall \(String(format: "%.1f", megabytes / wallMedian)) MB/s)")
    }

    static func seconds(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// One full parse, pushed in chunks; returns the item count so the work cannot be optimised away.
    static func parse(_ data: Data, path: String) -> Int {
        let parser = FeedParser(feed: "bench", documentURL: "https://news.example.org/feed.xml")
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let end = min(offset + chunk, raw.count)
                parser.push(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                offset = end
            }
        }
        return parser.finish().items.count
    }
}
