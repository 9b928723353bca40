import Testing

import TOML

@Suite("TOMLReader: typed access with file, line and key path in every error")
struct TOMLReaderTests {
    static let config = """
        name = "brinkwatch"
        workers = 4
        ratio = 0.75
        timeout = 5
        verbose = true
        tags = ["a", "b"]
        mixed = ["a", 2]
        single = "a"

        [digest]
        hour = 7
        title = "Daily"

        [[feeds]]
        url = "https://example.org/a.xml"

        [[feeds]]
        url = "https://example.org/b.xml"

        [[feeds]]
        url = 42
        """

    func reader() throws(TOMLError) -> TOMLReader {
        TOMLReader(try TOML.parse(Self.config, file: "brinkwatch.toml"), file: "brinkwatch.toml")
    }

    /// The error a throwing read produces.
    func failure<T>(
        _ read: () throws(TOMLError) -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) -> TOMLError? {
        do {
            _ = try read()
            Issue.record("expected the read to fail", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test("reads each type, with nil for absent keys and defaults only when absent")
    func typedReads() throws {
        let config = try reader()
        #expect(try config.string("name") == "brinkwatch")
        #expect(try config.string("absent") == nil)
        #expect(try config.string("absent", default: "x") == "x")
        #expect(try config.string("name", default: "x") == "brinkwatch")
        #expect(try config.requiredString("name") == "brinkwatch")
        #expect(try config.int("workers") == 4)
        #expect(try config.int("absent") == nil)
        #expect(try config.int("workers", default: 1, range: 1...16) == 4)
        #expect(try config.int("absent", default: 99, range: 1...16) == 99)
        #expect(try config.double("ratio") == 0.75)
        #expect(try config.double("timeout") == 5.0)
        #expect(try config.bool("verbose") == true)
        #expect(try config.bool("absent", default: false) == false)
        #expect(try config.strings("tags") == ["a", "b"])
        #expect(try config.strings("absent") == nil)
        #expect(config.line(of: "verbose") == 5)
        #expect(config.line(of: "absent") == 0)
    }

    @Test("a wrong type names file, value line and full key path")
    func wrongType() throws {
        let config = try reader()
        let feeds = try config.tables("feeds")
        #expect(feeds.map(\.path) == ["feeds[0]", "feeds[1]", "feeds[2]"])
        #expect(try feeds[1].requiredString("url") == "https://example.org/b.xml")

        let error = try #require(failure { () throws(TOMLError) in try feeds[2].string("url") })
        #expect(error.description == "brinkwatch.toml:21: feeds[2].url: expected a string, found an integer")
        #expect(error.code == .wrongType)
        #expect(error.column == nil)

        let float = failure { () throws(TOMLError) in try config.int("ratio") }
        #expect(float?.message == "expected an integer, found a float")
        let text = failure { () throws(TOMLError) in try config.double("name") }
        #expect(text?.message == "expected a number, found a string")
        #expect(failure { () throws(TOMLError) in try config.bool("workers") }?.description
            == "brinkwatch.toml:2: workers: expected a boolean, found an integer")
        let array = failure { () throws(TOMLError) in try config.table("tags") }
        #expect(array?.message == "expected a table, found an array")
    }

    @Test("a missing required key names the line of its table")
    func missingKey() throws {
        let digest = try #require(try reader().table("digest"))
        #expect(digest.path == "digest")
        let error = try #require(failure { () throws(TOMLError) in try digest.requiredString("timezone") })
        #expect(error.description == "brinkwatch.toml:10: digest.timezone: missing key")
        #expect(error.code == .missingKey)
        #expect(try digest.requiredInt("hour") == 7)
    }

    @Test("an integer outside its range is an error that states the range")
    func rangeError() throws {
        let digest = try #require(try reader().table("digest"))
        let error = try #require(failure { () throws(TOMLError) in try digest.int("hour", default: 0, range: 8...20) })
        #expect(error.description == "brinkwatch.toml:11: digest.hour: expected an integer in 8...20, found 7")
        #expect(error.code == .outOfRange)
        let ratio = try #require(failure { () throws(TOMLError) in
            try reader().double("ratio", default: 0, range: 0...0.5)
        })
        #expect(ratio.message == "expected a number in 0.0...0.5, found 0.75")
    }

    @Test("string arrays refuse a lone string and name the offending element")
    func stringArrays() throws {
        let config = try reader()
        let lone = try #require(failure { () throws(TOMLError) in try config.strings("single") })
        #expect(lone.description == "brinkwatch.toml:8: single: expected an array of strings, found a string")
        let mixed = try #require(failure { () throws(TOMLError) in try config.strings("mixed") })
        #expect(mixed.description == "brinkwatch.toml:7: mixed[1]: expected a string, found an integer")
    }

    @Test("tables(): empty when absent, refuses a single [table], accepts an inline array of tables")
    func arraysOfTables() throws {
        let config = try reader()
        #expect(try config.tables("absent").isEmpty)
        let single = try #require(failure { () throws(TOMLError) in try config.tables("digest") })
        #expect(single.description
            == "brinkwatch.toml:10: digest: expected an array of tables ([[digest]]), found a single table ([digest])")

        let inline = TOMLReader(try parse("x = 1\nitems = [{ a = 1 }, 2]"), file: "f.toml", path: "root")
        let error = try #require(failure { () throws(TOMLError) in try inline.tables("items") })
        #expect(error.description == "f.toml:2: root.items[1]: expected a table, found an integer")
        #expect(try inline.table("absent") == nil)
    }

    @Test("unknown keys are rejected in document order with the allowed list, at the key's line")
    func unknownKeys() throws {
        let table = try TOML.parse("[digest]\nhour = 7\nfeeeds = 1\ntitel = 2", file: "brinkwatch.toml")
        let digest = try #require(try TOMLReader(table, file: "brinkwatch.toml").table("digest"))
        let error = try #require(failure { () throws(TOMLError) in
            try digest.rejectUnknownKeys(allowed: ["title", "hour", "feeds"])
        })
        #expect(error.description
            == "brinkwatch.toml:3: digest: unknown key 'feeeds' (expected one of: feeds, hour, title)")
        #expect(error.code == .unknownKey)
        try digest.rejectUnknownKeys(allowed: ["hour", "feeeds", "titel"])

        let root = TOMLReader(try parse("typo = 1"), file: "test.toml")
        #expect(failure { () throws(TOMLError) in try root.rejectUnknownKeys(allowed: []) }?.description
            == "test.toml:1: unknown key 'typo' (expected no keys here)")
    }

    @Test("error(_:_:) places a caller's own check at the key's line, or the table's")
    func callerErrors() throws {
        let feeds = try reader().tables("feeds")
        let atKey = feeds[0].error("url", "must use https")
        #expect(atKey.description == "brinkwatch.toml:15: feeds[0].url: must use https")
        #expect(atKey.code == .invalidValue)
        let atTable = feeds[1].error(nil, "duplicate feed")
        #expect(atTable.description == "brinkwatch.toml:17: feeds[1]: duplicate feed")
        #expect(feeds[1].line(of: "nope") == 17)
    }
}
