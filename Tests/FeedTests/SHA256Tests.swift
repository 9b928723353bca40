@testable import Feed
import Foundation
import Testing
import TestSupport

@Suite("SHA-256")
struct SHA256Tests {
    @Test("matches the FIPS 180-2 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func standardVectors(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
        #expect(SHA256.hex(Data(input.utf8)) == expected)
        for (implementation, digest) in digests(Array(input.utf8)) {
            #expect(digest == expected, "\(implementation) compression function")
        }
    }

    @Test("handles the padding boundaries around one 64-byte block", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.hex(String(repeating: "a", count: length)) == expected)
        for (implementation, digest) in digests([UInt8](repeating: UInt8(ascii: "a"), count: length)) {
            #expect(digest == expected, "\(implementation) compression function")
        }
    }

    @Test(
        "the processor's SHA instructions and the Swift rounds agree on every length up to four blocks",
        .enabled(if: SHA256.nativeAvailable, "this processor has no SHA instructions; only the Swift rounds run")
    )
    func nativeMatchesPortable() {
        var generator = SplitMix(seed: 0x5eed)
        for length in 0...256 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(SHA256.hash(bytes, native: true) == SHA256.hash(bytes, native: false), "length \(length)")
        }
    }

    @Test("hashes one million 'a' (the long FIPS vector)", .offPool)
    func millionA() {
        let digest = SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
        #expect(digest.count == 32)
        #expect(hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        for (implementation, digest) in digests([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) {
            #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "\(implementation)")
        }
    }

    @Test("hashes all byte values and non-ASCII text as UTF-8")
    func binaryAndUnicode() {
        #expect(hex(SHA256.hash(0...255)) == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880")
        #expect(SHA256.hex("\u{2014} café") == "f5f4815b057a3af4e4843c3733f78a7c391e9928f6b83e3c791d768d25e6df84")
    }

    /// The digest of `bytes` from each compression function this processor can run.
    private func digests(_ bytes: [UInt8]) -> [(String, String)] {
        var results = [("Swift", hex(SHA256.hash(bytes, native: false)))]
        if SHA256.nativeAvailable { results.append(("SHA instructions", hex(SHA256.hash(bytes, native: true)))) }
        return results
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
