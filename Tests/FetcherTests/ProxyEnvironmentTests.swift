@testable import Fetcher
import Testing

@Suite("Proxy from the environment")
struct ProxyEnvironmentTests {
    @Test("the scheme picks the variable, all_proxy is the fallback")
    func schemeChoosesVariable() {
        let environment = ["https_proxy": "http://secure:3128", "http_proxy": "http://plain:3128", "all_proxy": "http://any:1"]
        #expect(ProxyEnvironment.proxy(for: "https://news.example/feed", environment: environment) == "http://secure:3128")
        #expect(ProxyEnvironment.proxy(for: "http://news.example/feed", environment: environment) == "http://plain:3128")
        #expect(ProxyEnvironment.proxy(for: "https://news.example/feed", environment: ["ALL_PROXY": "http://any:1"]) == "http://any:1")
    }

    @Test("upper-case HTTP_PROXY is ignored for http, as curl does")
    func upperCaseHTTPProxyIgnored() {
        #expect(ProxyEnvironment.proxy(for: "http://news.example/", environment: ["HTTP_PROXY": "http://evil:1"]) == nil)
    }

    @Test("no_proxy and loopback bypass the proxy; file URLs never use one")
    func bypass() {
        let environment = ["https_proxy": "http://p:1", "no_proxy": "internal.example, .corp.example"]
        #expect(ProxyEnvironment.proxy(for: "https://internal.example/f", environment: environment) == nil)
        #expect(ProxyEnvironment.proxy(for: "https://feeds.corp.example/f", environment: environment) == nil)
        #expect(ProxyEnvironment.proxy(for: "https://other.example/f", environment: environment) == "http://p:1")
        #expect(ProxyEnvironment.proxy(for: "https://127.0.0.1:8080/f", environment: environment) == nil)
        #expect(ProxyEnvironment.proxy(for: "file:///tmp/f.xml", environment: environment) == nil)
        #expect(ProxyEnvironment.proxy(for: "https://x.example/", environment: ["https_proxy": "http://p:1", "no_proxy": "*"]) == nil)
    }
}
