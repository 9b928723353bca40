import Foundation
import Testing

/// The manual page (`docs/man/brinkwatch.1`, installed by `make install`) is generated from the
/// commands by `make man`; this holds it to the binary, so that a command or option added or
/// renamed without regenerating the page fails here.
@Suite("Manual page")
struct ManualPageTests {
    /// A command of the binary and its long options, in the order the page lists them.
    struct Command {
        var name: String
        var options: [String]
    }

    /// The commands depth first, from the binary's own description of its interface.
    static func commands(_ node: [String: Any]) -> [Command] {
        let arguments = node["arguments"] as? [[String: Any]] ?? []
        let options = arguments.filter { $0["shouldDisplay"] as? Bool != false }.flatMap { argument in
            (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }
                .compactMap { $0["name"] as? String }
        }
        let children = (node["subcommands"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool != false }
        return [Command(name: node["commandName"] as? String ?? "", options: options)] + children.flatMap(commands)
    }

    @Test("the page lists every command in order, each with every long option it takes")
    func pageMatchesTheBinary() async throws {
        let dump = try await BrinkwatchProcess.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let commands = Self.commands(try #require(root["command"] as? [String: Any]))
        #expect(commands.count > 10, "the binary describes its commands")
        let lines = try String(contentsOfFile: BrinkwatchProcess.repository + "/docs/man/brinkwatch.1", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The top command is the page's own; its subcommands are `.It Em name` entries in order.
        var position = 0
        var blocks: [(command: Command, start: Int)] = []
        for command in commands.dropFirst() {
            guard let found = lines[position...].firstIndex(of: ".It Em \(command.name)") else {
                Issue.record("the page does not list the command \(command.name) (run make man)")
                return
            }
            blocks.append((command, found))
            position = found + 1
        }
        for (index, block) in blocks.enumerated() {
            let end = index + 1 < blocks.count ? blocks[index + 1].start : lines.count
            let text = lines[block.start..<end].joined(separator: "\n")
            for option in block.command.options {
                // `.Fl -config`, or after a short name: `.Fl h , -help`.
                let listed = text.contains("Fl -\(option)") || text.contains(" , -\(option)")
                #expect(listed, "\(block.command.name) --\(option) is not on the page (run make man)")
            }
        }
    }
}
