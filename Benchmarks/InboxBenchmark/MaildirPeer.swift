import Durable
import Glibc

/// The reference delivery: each message on its own, written to `tmp/`, fsynced, renamed into `new/`, and
/// `new/` fsynced so the rename survives a power cut; two fsyncs per message, nothing shared.
struct MaildirPeer {
    let tmp: Directory
    let new: Directory

    init(directory: String) throws {
        tmp = try Directory(path: directory + "/tmp", create: true)
        new = try Directory(path: directory + "/new", create: true)
    }

    func deliver(_ names: [String], payload: [UInt8]) throws {
        for name in names {
            let staged = try DurableFile.stage(payload, in: tmp, hint: name)  // write + fsync
            try tmp.moveNoReplace(staged, to: new, as: name)
            try new.sync()
        }
    }
}
