@testable import Daemon
import Foundation
import Testing
import TestSupport

/// Staged files left by a process killed while saving a feed state, a day's feed health or a
/// digest go at the next start; files still being written (young ones of other writers) stay.
@Suite("Stale temporaries")
struct StaleTemporariesTests {
    @Test("the sweep run at every start removes old staged files in state/feeds, state/health and digests; young ones and real files stay")
    func removedAtStart() throws {
        let root = ScratchFolder.path("stale")
        let configuration = try DigestPublisherTests.configuration(root)
        let storage = try Storage.files(configuration)
        let now = Date().timeIntervalSince1970
        var old: [String] = [], kept: [String] = []
        for folder in [root + "/state/feeds", root + "/state/health", root + "/digests"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Names of earlier releases' form, which only the age rule removes.
            for (name, age) in [(".wire.json.123.456.tmp", 7200.0), (".wire.json.124.457.tmp", 60.0), ("wire.json", 7200.0)] {
                let path = folder + "/" + name
                try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: now - age)],
                                                      ofItemAtPath: path)
                if name.hasSuffix(".tmp"), age > 3600 { old.append(path) } else { kept.append(path) }
            }
        }
        StaleTemporaries.remove(configuration, storage: storage, now: now)
        #expect(old.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "\(old)")
        #expect(kept.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "\(kept)")
    }
}
