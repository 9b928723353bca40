import Feed
import Foundation

/// Measures how much memory parsing one large file costs: the file is read in 64 KiB chunks straight into
/// `push()`, never held whole, and the kernel's peak resident size (VmHWM, reset through `clear_refs` just
/// before parsing) is compared with the resident size at that moment.
enum MemoryProbe {
    static func run(_ arguments: [String]) {
        guard let path = Console.positional(arguments).first else { Console.fail("usage: ParserBenchmark memory FILE") }
        guard let handle = FileHandle(forReadingAtPath: path) else { Console.fail("cannot read \(path)") }
        let parser = FeedParser(feed: "bench", documentURL: "https://news.example.org/feed.xml")
        resetPeak()
        let base = status("VmRSS")
        var total = 0
        while true {
            let data = handle.readData(ofLength: Throughput.chunk)
            if data.isEmpty { break }
            total += data.count
            parser.push(data)
        }
        let document = parser.finish()
        let peak = status("VmHWM")
        print("memory: \(Console.megabytes(total)) MB streamed, \(document.items.count) items, "
            + "base \(base / 1024) MiB, peak \(peak / 1024) MiB, "
            + "peak above base \(String(format: "%.1f", Double(peak - base) / 1024)) MiB")
    }

    /// Makes VmHWM start again from the current resident size (Linux 4.0 and later).
    private static func resetPeak() {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    /// A `kB` figure from /proc/self/status.
    private static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
