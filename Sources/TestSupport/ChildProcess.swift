import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A helper program that a test starts and must never hang on.
///
/// Its standard output and error go to one file, never to a pipe: a pipe fills up when nobody reads it, and a
/// read that waits for the end of a pipe blocks for as long as a server runs. Standard input is `/dev/null`.
/// Nothing here calls `waitUntilExit()`, which would block a thread of the concurrency pool: the exit is
/// noticed by Foundation's termination handler, and every wait polls that with a deadline.
///
/// The program is started from a thread of its own with no blocked signals. A child inherits the signal mask of
/// the thread that starts it, and the threads of Swift concurrency and Dispatch block nearly every signal, SIGTERM
/// included: started straight from an async test, a server would ignore SIGTERM, and a test that then waited for
/// it to exit would hang.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    /// Written by Foundation's termination handler; a separate object, so that the handler still reaches it
    /// while this one is being deinitialised.
    private let exitCode = Locked<Int32?>(nil)
    /// The file holding what the program printed.
    let outputPath: String
    /// The program's name, for error messages.
    let name: String

    /// Starts `executable` in `directory`.
    ///
    /// - Throws: ``TestToolError`` when the output file cannot be created or the program cannot be started
    ///   within 10 seconds.
    init(executable: String, arguments: [String], directory: String, outputPath: String) async throws(TestToolError) {
        name = (executable as NSString).lastPathComponent
        self.outputPath = outputPath
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            let output = FileHandle(forWritingAtPath: outputPath)
        else {
            throw TestToolError(.cannotStart, "cannot create \(outputPath) for the output of \(name)")
        }
        defer { try? output.close() }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        process.terminationHandler = { [exitCode] finished in
            exitCode.value = finished.terminationStatus
        }
        let launched = Locked<String??>(nil)  // nil: not yet; .some(nil): running; .some(text): failed
        let thread = Thread { [self] in
            var nothing = sigset_t()
            sigemptyset(&nothing)
            pthread_sigmask(SIG_SETMASK, &nothing, nil)
            do {
                try process.run()
                launched.value = .some(nil)
            } catch {
                launched.value = .some("\(error)")
            }
        }
        thread.name = "test-child-launch"
        thread.start()
        let outcome = await Self.poll(timeout: .seconds(10)) { launched.value }
        switch outcome {
        case .none:
            throw TestToolError(.timedOut, "\(name) was not started within 10 s")
        case .some(.some(let failure)):
            throw TestToolError(.cannotStart, "cannot start \(name): \(failure)")
        case .some(.none):
            break
        }
    }

    deinit {
        stop()
    }

    /// The exit status (or terminating signal), once the program has ended.
    var exitStatus: Int32? { exitCode.value }

    /// Everything the program printed so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Waits until the program ends; `false` when it still runs after `timeout`.
    func waitForExit(timeout: Duration) async -> Bool {
        await Self.poll(timeout: timeout) { exitStatus != nil ? true : nil } ?? false
    }

    /// Waits until `match` finds something in the output and returns it; nil when the program ends without it or
    /// `timeout` passes.
    func waitForOutput<T>(timeout: Duration, _ match: (String) -> T?) async -> T? {
        await Self.poll(timeout: timeout) { () -> T?? in
            if let found = match(output) { return found }
            // Once the program has ended, its output is complete: a last look, then give up.
            guard exitStatus != nil else { return nil }
            return .some(match(output))
        } ?? nil
    }

    /// Ends the program: `signal` (SIGTERM unless told), then SIGKILL if it is still there after two seconds.
    /// Each wait is a short polling loop with a deadline, so this is safe in a `defer` or `deinit` of an async
    /// test. Later calls do nothing.
    func stop(signal: Int32 = SIGTERM) {
        guard process.processIdentifier > 0, exitStatus == nil else { return }
        kill(process.processIdentifier, signal)
        if waitBlocking(seconds: 2) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitBlocking(seconds: 2)
    }

    private func waitBlocking(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while exitStatus == nil {
            guard Date() < deadline else { return false }
            usleep(2_000)
        }
        return true
    }

    /// Calls `check` every few milliseconds until it returns a value or `timeout` passes (nil).
    private static func poll<T>(timeout: Duration, _ check: () -> T?) async -> T? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let value = check() { return value }
            guard clock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The full path of `command` found on `PATH`, or nil.
    static func locate(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A value shared between threads (the test, the launching thread, Foundation's termination handler).
private final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
