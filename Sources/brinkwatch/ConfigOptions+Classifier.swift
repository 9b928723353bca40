import ArgumentParser
import Classifier
import Config
import Foundation

extension ConfigOptions {
    /// The classifier `classify` and `eval` use: the knowledge folder and focus list of the
    /// configuration, unless `knowledge` names a folder and no `--config` is given (then the
    /// default focus). Exits 78 when the knowledge cannot be loaded.
    func classifier(knowledge: String?) throws -> Classifier {
        var focus = ["KP"]
        var directory = knowledge
        if directory == nil || config != nil {
            let configuration = try load()
            focus = configuration.focus
            directory = directory ?? configuration.paths.classifier
        }
        do {
            let loaded = try Knowledge.load(directory: URL(fileURLWithPath: directory ?? "config/classifier"))
            return Classifier(knowledge: loaded, focus: focus)
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
    }
}
