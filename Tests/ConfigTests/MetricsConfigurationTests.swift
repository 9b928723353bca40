import Config
import Foundation
import Testing

@Suite("Metrics configuration")
struct MetricsConfigurationTests {
    static func parse(_ table: String) throws -> Configuration.Metrics {
        try Configuration.parse("[metrics]\n" + table, file: "/etc/brinkwatch/brinkwatch.toml").metrics
    }

    @Test("without a [metrics] table nothing is exported")
    func off() throws {
        let metrics = try Configuration.parse("", file: "/etc/brinkwatch/brinkwatch.toml").metrics
        #expect(metrics == Configuration.Metrics())
        #expect(!metrics.isEnabled)
        #expect(metrics.intervalSeconds == 15)
    }

    @Test("listen addresses: written out, a port alone for loopback, IPv6 in brackets", arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464, true),
        ("9464", "127.0.0.1", 9464, true),
        (":9100", "127.0.0.1", 9100, true),
        ("localhost:9464", "127.0.0.1", 9464, true),
        ("127.3.4.5:80", "127.3.4.5", 80, true),
        ("[::1]:9464", "::1", 9464, true),
        ("0.0.0.0:9464", "0.0.0.0", 9464, false),
        ("192.0.2.7:9464", "192.0.2.7", 9464, false),
        ("[::]:9464", "::", 9464, false),
    ])
    func accepted(text: String, host: String, port: Int, loopback: Bool) throws {
        let listen = try #require(try Self.parse("listen = \"\(text)\"\n").listen)
        #expect(listen.host == host)
        #expect(listen.port == port)
        #expect(listen.isLoopback == loopback)
        #expect(try ListenAddress.parse(listen.description) == listen, "the description reads back")
    }

    @Test("bad addresses are refused naming the line, the key and what was expected", arguments: [
        ("metrics.example.org:9464", "host names are not resolved"),
        ("127.0.0.1", "no port number"),
        ("127.0.0.1:", "no port number"),
        ("127.0.0.1:+80", "no port number"),
        ("127.0.0.1:70000", "out of range"),
        ("127.0.0.1:0", "out of range"),
        ("::1:9464", "in brackets"),
        ("[::1]9464", "not a listen address"),
        ("300.1.1.1:9464", "not a listen address"),
        ("", "no port number"),
    ])
    func refused(text: String, reason: String) throws {
        let error = #expect(throws: ConfigError.self) { try Self.parse("interval_seconds = 5\nlisten = \"\(text)\"\n") }
        let description = try #require(error?.description)
        #expect(description.hasPrefix("/etc/brinkwatch/brinkwatch.toml:3: metrics.listen: "), "\(description)")
        #expect(description.contains(reason), "\(description)")
    }

    @Test("the textfile resolves like the other paths and must end in .prom")
    func textfile() throws {
        let metrics = try Self.parse("textfile = \"node/brinkwatch.prom\"\ninterval_seconds = 60\n")
        #expect(metrics.textfile == "/etc/brinkwatch/node/brinkwatch.prom")
        #expect(metrics.intervalSeconds == 60)
        #expect(metrics.isEnabled)
        #expect(metrics.listen == nil)
        let error = #expect(throws: ConfigError.self) { try Self.parse("textfile = \"/var/lib/brinkwatch.txt\"\n") }
        #expect(error?.description.contains("must end in .prom") == true)
    }

    @Test("unknown keys and intervals out of range are refused")
    func strict() throws {
        #expect(throws: ConfigError.self) { try Self.parse("port = 9464\n") }
        #expect(throws: ConfigError.self) { try Self.parse("interval_seconds = 0\n") }
    }
}
