import Foundation

/// Small helpers for printing and reading arguments.
enum Console {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }

    /// The value after `flag` in `arguments`, if present.
    static func option(_ flag: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// `arguments` without any `--flag value` pairs.
    static func positional(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index].hasPrefix("--") {
                index += 2
            } else {
                result.append(arguments[index])
                index += 1
            }
        }
        return result
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.2f", Double(bytes) / 1_000_000)
    }
}
