import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the metrics endpoint listens: a numeric IPv4 or IPv6 address and a port.
///
/// Written `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`, or a port alone (`9464` or
/// `:9464`), which means the loopback address. Any other host must be written out as an
/// address, so the endpoint is reachable from other machines only when the file says so in
/// full; host names are not resolved.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The numeric address, without brackets.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why a text is not a listen address, in words for a configuration error.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
    }

    /// Reads `text` in one of the forms above.
    public static func parse(_ text: String) throws(Problem) -> ListenAddress {
        let expected = "expected an IP address and port such as 127.0.0.1:9464 or [::1]:9464, or a port alone "
            + "for 127.0.0.1; host names are not resolved"
        var host = "127.0.0.1"
        var portText = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw Problem(message: "'\(text)' is not a listen address (\(expected))")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":") {
            let named = String(text[..<colon])
            guard !named.contains(":") else {
                throw Problem(
                    message: "'\(text)' is not a listen address (an IPv6 address goes in brackets: [::1]:9464)")
            }
            if !named.isEmpty { host = named == "localhost" ? "127.0.0.1" : named }
            portText = text[text.index(after: colon)...]
        }
        guard Self.isNumeric(host) else { throw Problem(message: "'\(text)' is not a listen address (\(expected))") }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText) else {
            throw Problem(message: "'\(text)' has no port number (\(expected))")
        }
        guard (1...65535).contains(port) else {
            throw Problem(message: "port \(port) in '\(text)' is out of range (1 to 65535)")
        }
        return ListenAddress(host: host, port: port)
    }

    /// Whether only this machine can connect: 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }

    /// `127.0.0.1:9464`, or `[::1]:9464` for IPv6.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isNumeric(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
