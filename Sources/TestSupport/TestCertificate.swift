import Foundation

/// A self-signed certificate and its private key, made by the `openssl` tool when a test runs.
///
/// The certificate is its own CA: a client that is given its PEM file as the CA bundle trusts a server presenting
/// it, and a client that is not rejects it as self-signed. Nothing is checked in, so nothing expires in the
/// repository; each certificate is valid for one day.
///
/// ```swift
/// let certificate = try await TestCertificate.selfSigned(names: ["localhost", "127.0.0.1"], in: folder)
/// // certificate.certificatePath is also the CA file that makes a client trust it.
/// ```
public struct TestCertificate: Sendable {
    /// The certificate in PEM; also usable as a CA bundle naming only this certificate.
    public let certificatePath: String
    /// The unencrypted private key in PEM.
    public let keyPath: String
    /// The names the certificate is valid for, the first being its common name.
    public let names: [String]

    /// Whether the `openssl` tool is installed; tests that need certificates are skipped without it.
    public static var isAvailable: Bool { ChildProcess.locate("openssl") != nil }

    /// Makes a fresh key and a self-signed certificate for `names` in `directory`.
    ///
    /// The key is ECDSA P-256: making one takes milliseconds, where an RSA key takes up to a second on a busy
    /// machine, and what the tests check (trust and names) does not depend on the key type.
    ///
    /// - Parameters:
    ///   - names: host names and IP addresses (such as `127.0.0.1`) for the subject alternative names; the first
    ///     is also the common name. Clients check the alternative names only.
    ///   - directory: where the two files go (created if needed); their names start with the first name.
    /// - Throws: ``TestToolError`` when `openssl` is missing, fails, or takes longer than 60 seconds.
    public static func selfSigned(
        names: [String], in directory: String
    ) async throws(TestToolError) -> TestCertificate {
        guard let openssl = ChildProcess.locate("openssl") else {
            throw TestToolError(.missing, "openssl is not installed (not found on PATH)")
        }
        guard let first = names.first else {
            throw TestToolError(.failed, "a test certificate needs at least one name")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TestToolError(.cannotStart, "cannot create \(directory) for a test certificate: \(error)")
        }
        let stem = directory + "/" + String(first.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
        let certificate = TestCertificate(certificatePath: stem + ".pem", keyPath: stem + ".key", names: names)
        let alternatives = names.map { (isIPAddress($0) ? "IP:" : "DNS:") + $0 }.joined(separator: ",")
        let child = try await ChildProcess(
            executable: openssl,
            arguments: [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=\(first)", "-addext", "subjectAltName=\(alternatives)",
                "-keyout", certificate.keyPath, "-out", certificate.certificatePath,
            ],
            directory: directory,
            outputPath: stem + ".openssl.log"
        )
        defer { child.stop() }
        guard await child.waitForExit(timeout: .seconds(60)) else {
            throw TestToolError(.timedOut, "openssl req did not finish within 60 s making a certificate for \(first)")
        }
        guard child.exitStatus == 0, FileManager.default.fileExists(atPath: certificate.certificatePath) else {
            let status = child.exitStatus.map(String.init) ?? "?"
            throw TestToolError(.failed, "openssl req exited with status \(status) making a certificate for "
                + "\(first): \(lastLine(of: child.output))")
        }
        return certificate
    }

    static func isIPAddress(_ name: String) -> Bool {
        name.contains(":") || (!name.isEmpty && name.allSatisfy { $0.isNumber || $0 == "." })
    }

    /// The last non-empty line of a tool's output, for one-line error messages.
    static func lastLine(of output: String) -> String {
        output.split(whereSeparator: \.isNewline).last.map(String.init) ?? "(no output)"
    }
}
