import Foundation
import Inbox

/// A worker process for the multi-process tests of the inbox: claims items from the inbox at
/// the given path until none is ready, prints each claimed id on its own line, and completes it.
///
/// usage: inbox-worker INBOX RESULTS
@main
struct InboxWorker {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: inbox-worker INBOX RESULTS\n".utf8))
            exit(64)
        }
        let inbox = try FileInbox(directory: arguments[1], resultsDirectory: arguments[2])
        var idle = 0
        while idle < 3 {
            guard let claim = try inbox.claim() else {
                idle += 1
                usleep(20_000)
                continue
            }
            idle = 0
            // One unbuffered write per claim, so nothing is lost if the process dies.
            FileHandle.standardOutput.write(Data((claim.id + "\n").utf8))
            try inbox.complete(claim, result: Array("\(getpid())".utf8), bucket: "day")
        }
    }
}
