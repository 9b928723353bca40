import Config
import Foundation
import Testing
import TestSupport

@Suite("Configuration")
struct ConfigurationTests {
    let folder: String

    init() throws {
        folder = ScratchFolder.path("config-tests") + "/etc"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func write(_ text: String, name: String = "brinkwatch.toml") throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("relative paths resolve against the configuration's folder, not the working directory")
    func relativePaths() throws {
        let path = try write("""
            [paths]
            inbox = "../queue"
            classifier = "knowledge"

            [[feed]]
            name = "demo"
            url = "file:demo/feed.xml"
            """)
        let configuration = try Configuration.load(path: path)
        let parent = (folder as NSString).deletingLastPathComponent
        #expect(configuration.paths.inbox == parent + "/queue")
        #expect(configuration.paths.classifier == folder + "/knowledge")
        #expect(configuration.paths.digests == parent + "/digests")
        #expect(configuration.feeds.first?.url == "file://" + folder + "/demo/feed.xml")
        #expect(configuration.feeds.first?.isFile == true)
    }

    @Test("defaults apply when keys are absent")
    func defaults() throws {
        let configuration = try Configuration.parse("", file: folder + "/empty.toml")
        #expect(configuration.timeZone.identifier == "Asia/Seoul")
        #expect(configuration.focus == ["KP"])
        #expect(configuration.workers >= 1)
        #expect(configuration.fetch.minIntervalMinutes == 15)
        #expect(configuration.fetch.maxIntervalMinutes == 360)
        #expect(configuration.feeds.isEmpty)
        #expect(configuration.logLevel == "info")
        #expect(configuration.retentionDays == 0, "nothing is purged unless asked")
    }

    @Test("a retention is a number of days; a negative one names its line and key")
    func retention() throws {
        #expect(try Configuration.parse("[retention]\ndays = 30\n", file: folder + "/r.toml").retentionDays == 30)
        let error = #expect(throws: ConfigError.self) {
            try Configuration.parse("[retention]\ndays = -1\n", file: "/etc/brinkwatch.toml")
        }
        let description = try #require(error?.description)
        #expect(description.contains("/etc/brinkwatch.toml:2") && description.contains("retention.days"), "\(description)")
    }

    @Test("a wrong type names the file, the line and the key")
    func wrongTypeError() throws {
        let text = """
            [[feed]]
            name = "a"
            url = "https://example.org/a.xml"

            [[feed]]
            name = "b"
            url = 42
            """
        let error = #expect(throws: ConfigError.self) { try Configuration.parse(text, file: "/etc/brinkwatch.toml") }
        let description = try #require(error?.description)
        #expect(description.hasPrefix("/etc/brinkwatch.toml:7"))
        #expect(description.contains("feed[1].url"))
        #expect(description.contains("string"))
    }

    @Test("an unknown key is refused with the keys that are allowed")
    func unknownKey() throws {
        let error = #expect(throws: ConfigError.self) {
            try Configuration.parse("[digest]\ntimezone = \"UTC\"\n", file: "c.toml")
        }
        #expect(error?.line == 2)
        #expect(error?.description.contains("timezone") == true)
        #expect(error?.description.contains("time_zone") == true)
    }

    @Test("an unknown time zone is refused, naming it")
    func badTimeZone() throws {
        let error = #expect(throws: ConfigError.self) {
            try Configuration.parse("[digest]\ntime_zone = \"Mars/Olympus\"\n", file: "c.toml")
        }
        #expect(error?.description.contains("Mars/Olympus") == true)
        #expect(error?.line == 2)
    }

    @Test("duplicate feed names and bad URLs are refused")
    func feedValidation() throws {
        let duplicate = """
            [[feed]]
            name = "x"
            url = "https://example.org/1"
            [[feed]]
            name = "x"
            url = "https://example.org/2"
            """
        let first = #expect(throws: ConfigError.self) { try Configuration.parse(duplicate, file: "c.toml") }
        #expect(first?.description.contains("used twice") == true)
        let badURL = "[[feed]]\nname = \"y\"\nurl = \"ftp://example.org/feed\"\n"
        let second = #expect(throws: ConfigError.self) { try Configuration.parse(badURL, file: "c.toml") }
        #expect(second?.line == 3)
    }

    @Test("the longest interval may not be below the shortest")
    func intervalOrder() throws {
        let error = #expect(throws: ConfigError.self) {
            try Configuration.parse("[fetch]\nmin_interval_minutes = 60\nmax_interval_minutes = 30\n", file: "c.toml")
        }
        #expect(error?.line == 3)
        #expect(error?.description.contains("max_interval_minutes") == true)
    }

    @Test("a syntax error gives the line and column")
    func syntaxError() throws {
        let error = #expect(throws: ConfigError.self) { try Configuration.parse("workers = \n", file: "c.toml") }
        #expect(error?.line == 1)
        #expect(error?.description.hasPrefix("c.toml:1") == true)
    }

    @Test("a missing file is reported as such")
    func missingFile() throws {
        let error = #expect(throws: ConfigError.self) { try Configuration.load(path: folder + "/nope.toml") }
        #expect(error?.description.contains("does not exist") == true)
    }

    @Test("the file is found by --config, then $BRINKWATCH_CONFIG, then ./config, then /etc")
    func searchOrder() throws {
        #expect(Configuration.locate(explicit: "/x/a.toml", environment: ["BRINKWATCH_CONFIG": "/y/b.toml"]) == "/x/a.toml")
        #expect(Configuration.locate(explicit: nil, environment: ["BRINKWATCH_CONFIG": "/y/b.toml"]) == "/y/b.toml")
        let work = (folder as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try "".write(toFile: work + "/config/brinkwatch.toml", atomically: true, encoding: .utf8)
        #expect(Configuration.locate(explicit: nil, environment: [:], workingDirectory: work) == work + "/config/brinkwatch.toml")
        #expect(Configuration.locate(explicit: nil, environment: [:], workingDirectory: folder) == Configuration.systemPath)
    }

    @Test("the repository's default configuration is valid and lists the demo feed")
    func repositoryDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let configuration = try Configuration.load(path: root.path + "/config/brinkwatch.toml")
        let demo = try #require(configuration.feeds.first { $0.name == "demo" })
        #expect(demo.url == "file://" + root.path + "/config/demo/demo-feed.xml")
        #expect(FileManager.default.fileExists(atPath: String(demo.url.dropFirst(7))))
        #expect(configuration.feeds.filter { $0.url.hasPrefix("https://") }.count >= 3)
        #expect(configuration.paths.inbox == root.path + "/inbox")
    }
}
