import Foundation
import TOML

extension Configuration {
    /// The places searched for the configuration, in order, when none is given.
    public static let systemPath = "/etc/brinkwatch/brinkwatch.toml"

    /// Finds the configuration file: `explicit` (from `--config`), then `$BRINKWATCH_CONFIG`, then
    /// `./config/brinkwatch.toml`, then ``systemPath``. The first one given or existing wins;
    /// a path that is given but missing is returned as is, so that loading reports it.
    public static func locate(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let explicit, !explicit.isEmpty { return absolute(explicit, base: workingDirectory) }
        if let fromEnvironment = environment["BRINKWATCH_CONFIG"], !fromEnvironment.isEmpty {
            return absolute(fromEnvironment, base: workingDirectory)
        }
        let local = absolute("config/brinkwatch.toml", base: workingDirectory)
        if FileManager.default.fileExists(atPath: local) { return local }
        return systemPath
    }

    /// Reads and validates the configuration at `path`.
    public static func load(path: String) throws(ConfigError) -> Configuration {
        let file = absolute(path, base: FileManager.default.currentDirectoryPath)
        guard let data = FileManager.default.contents(atPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist"
            throw ConfigError(file: file, message: "the configuration file \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, message: "the configuration file is not valid UTF-8")
        }
        return try parse(text, file: file)
    }

    /// Validates configuration `text`; relative paths resolve against the folder of `file`.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> Configuration {
        do {
            return try ConfigurationReader(root: TOML.parse(text, file: file), file: file).read()
        } catch {
            throw ConfigError(error)
        }
    }

    static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
