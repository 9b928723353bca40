import Foundation
import Synchronization

/// Paths of their own under the system's temporary folder for tests, removed with everything in
/// them when the test process exits, so that test runs leave no litter (a crash leaves them, for
/// a look). `BRINKWATCH_KEEP_TEST_SCRATCH=1` keeps them all.
///
/// Why at exit and not when a test ends: a test's queue or daemon may outlive the value that
/// named its folder, and a folder removed under an open inbox would fail the test, not clean it.
/// The folder is not created: tests that need it make it, as the code under test would.
public enum ScratchFolder {
    private static let paths = Mutex<[String]?>(nil)

    /// A fresh path named `<prefix>-<UUID>`, removed at exit.
    public static func path(_ prefix: String) -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        let first = paths.withLock { paths in
            defer { paths = (paths ?? []) + [path] }
            return paths == nil
        }
        if first { atexit { ScratchFolder.removeAll() } }
        return path
    }

    private static func removeAll() {
        guard ProcessInfo.processInfo.environment["BRINKWATCH_KEEP_TEST_SCRATCH"] == nil else { return }
        for path in paths.withLock({ $0 ?? [] }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
