import Classifier
import Foundation

/// Measures the classifier's start-up (loading the knowledge folder) and its throughput on one
/// thread over ~300-byte items, the two speed targets of the issue. Run it in release from the
/// repository root: `swift run -c release ClassifierBenchmark [options]`.
///
/// Options: `--knowledge DIR` (default config/classifier), `--shared DIR` (default ../shared),
/// `--runs N` (default 7), `--loads N` (default 9), `--passes N` (passes over the items per run),
/// `--items-out FILE` (write the items used).
@main
struct ClassifierBenchmark {
    static func main() {
        let options = Options(CommandLine.arguments.dropFirst())
        let clock = ContinuousClock()
        let directory = URL(fileURLWithPath: options.knowledge)

        var loadTimes: [Double] = []
        var knowledge: Knowledge?
        for _ in 0..<options.loads {
            let start = clock.now
            do {
                knowledge = try Knowledge.load(directory: directory)
            } catch {
                fail("cannot load the knowledge: \(error)")
            }
            loadTimes.append(seconds(clock.now - start) * 1000)
        }
        guard let knowledge else { fail("no knowledge loaded (--loads must be at least 1)") }
        let classifier = Classifier(knowledge: knowledge)

        let (items, origin) = benchmarkItems(shared: options.shared)
        if let out = options.itemsOut {
            do {
                try BenchmarkItem.write(items, to: URL(fileURLWithPath: out))
            } catch {
                fail("cannot write \(out): \(error)")
            }
        }
        let bytes = items.map(\.byteCount)
        let meanBytes = Double(bytes.reduce(0, +)) / Double(items.count)

        // Warm up, then size each run so that it lasts about half a second.
        var sink = 0
        let warmStart = clock.now
        for item in items { sink &+= classifier.classify(title: item.title, summary: item.summary).types.count }
        let passes = options.passes ?? max(1, Int((0.5 / max(seconds(clock.now - warmStart), 1e-6)).rounded(.up)))
        var rates: [Double] = []
        for _ in 0..<options.runs {
            let start = clock.now
            for _ in 0..<passes {
                for item in items {
                    sink &+= classifier.classify(title: item.title, summary: item.summary).types.count
                }
            }
            rates.append(Double(passes * items.count) / seconds(clock.now - start))
        }
        let rate = median(rates)

        print("items: \(items.count) from \(origin); mean \(format(meanBytes, 1)) bytes per item "
            + "(min \(bytes.min() ?? 0), max \(bytes.max() ?? 0))")
        print("start-up: Knowledge.load of \(options.knowledge) (\(knowledge.files.count) files, "
            + "\(knowledge.patternCount) patterns, \(knowledge.ruleCount) rules, \(knowledge.actorCount) actors): "
            + "median \(format(median(loadTimes), 2)) ms over \(loadTimes.count) loads "
            + "(first \(format(loadTimes[0], 2)) ms)")
        print("classify: median \(format(rate, 0)) items/s over \(rates.count) runs of \(passes * items.count) items "
            + "(min \(format(rates.min() ?? 0, 0)), max \(format(rates.max() ?? 0, 0))), one thread, "
            + "\(format(rate * meanBytes / 1_000_000, 2)) MB/s; checksum \(sink)")
        print("RESULT items_per_second=\(format(rate, 0)) startup_ms=\(format(median(loadTimes), 2)) "
            + "mean_bytes=\(format(meanBytes, 1)) items=\(items.count)")
    }

    /// The shared evaluation sets and the state-media stream when present, else generated items.
    static func benchmarkItems(shared: String) -> ([BenchmarkItem], String) {
        let root = URL(fileURLWithPath: shared)
        var items: [BenchmarkItem] = []
        var parts: [String] = []
        for path in ["eval/dev.jsonl", "eval/dev_real.jsonl", "corpus/kcna/kcna_2023-12_to_2024-11.jsonl"] {
            let loaded = BenchmarkItem.load(jsonLines: root.appendingPathComponent(path))
            let kept = loaded.filter { $0.byteCount >= BenchmarkItem.minimumBytes }
            if !kept.isEmpty {
                items += kept
                parts.append("\(path) \(kept.count) of \(loaded.count)")
            }
        }
        if items.isEmpty {
            return (GeneratedItems.make(count: 2_000), "a generated set (no shared data under \(shared))")
        }
        let note = " (items of \(BenchmarkItem.minimumBytes) to \(BenchmarkItem.targetBytes) bytes after the cut)"
        return (items, shared + ": " + parts.joined(separator: ", ") + note)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("ClassifierBenchmark: \(message)\n".utf8))
        exit(1)
    }
}
