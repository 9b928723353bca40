import Durable
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Calls `wake` whenever a name arrives in one folder (inotify: created, or renamed into it),
/// from a thread of its own, so that idle workers start as soon as any process on this host
/// queues an item instead of finding it at their next look.
///
/// Events are not counted, only noticed: one `wake` per batch the kernel hands over, and an
/// overflowing event queue is one more reason to wake. inotify sees only this host's changes:
/// on a file system shared over the network, items queued by another host still wait for the
/// workers' slow fallback look.
public final class FolderWatch: Sendable {
    public let path: String
    private let wake: @Sendable () -> Void
    /// The inotify descriptor and the folder's watch on it, while the thread has not closed it.
    private let handle: Mutex<(descriptor: Int32, watch: Int32)?>
    private let stopped = Atomic<Bool>(false)

    /// Starts watching `path` (events from now on reach `wake` once ``start()`` runs).
    public init(path: String, wake: @escaping @Sendable () -> Void) throws(FileError) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw Self.failure("inotify_init1", path: path, errno: errno) }
        let watch = inotify_add_watch(descriptor, path, UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR))
        guard watch >= 0 else {
            let code = errno
            close(descriptor)
            throw Self.failure("inotify_add_watch", path: path, errno: code)
        }
        self.path = path
        self.wake = wake
        handle = Mutex((descriptor, watch))
    }

    /// A watch never started still holds its descriptor (a started one is held by its thread,
    /// which closes it, until it ends).
    deinit {
        if let (descriptor, _) = handle.withLock({ $0 }) { close(descriptor) }
    }

    /// Reads the events on a thread of its own until ``stop()``.
    public func start() {
        guard let descriptor = handle.withLock({ $0?.descriptor }) else { return }
        let thread = Thread { [self] in readUntilStopped(descriptor) }
        thread.name = "inbox-watch"
        thread.start()
    }

    /// Stops watching. A batch of events the thread had read just before may still call `wake`
    /// once; none after that.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        handle.withLock { handle in
            // Removing the watch queues an IN_IGNORED event: the blocked read returns, the
            // thread sees `stopped` and closes the descriptor.
            if let (descriptor, watch) = handle { inotify_rm_watch(descriptor, watch) }
        }
    }

    private func readUntilStopped(_ descriptor: Int32) {
        // Room for many events at once: each is 16 bytes plus its name, padded.
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer {
            buffer.deallocate()
            handle.withLock { handle in
                handle = nil
                close(descriptor)
            }
        }
        while !stopped.load(ordering: .acquiring) {
            let count = read(descriptor, buffer, capacity)
            if count < 0, errno == EINTR { continue }
            if stopped.load(ordering: .acquiring) { return }
            // A failed read, or the folder itself gone (its watch removed by the kernel): no more
            // events will come, and the workers' fallback look takes over.
            if count <= 0 || Self.watchEnded(buffer, count) {
                wake()
                return
            }
            wake()
        }
    }

    /// Whether the kernel ended the watch in these events (IN_IGNORED: the folder was deleted or
    /// its file system unmounted).
    private static func watchEnded(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
            if event.mask & UInt32(IN_IGNORED) != 0 { return true }
            offset += header + Int(event.len)
        }
        return false
    }

    private static func failure(_ call: String, path: String, errno code: Int32) -> FileError {
        // The limits the kernel reports as ENOSPC and EMFILE are inotify's, not the disk's.
        switch code {
        case ENOSPC:
            return FileError(code: .io, operation: call, path: path, errno: code,
                             message: "the limit of inotify watches is reached (sysctl fs.inotify.max_user_watches)")
        case EMFILE:
            return FileError(code: .io, operation: call, path: path, errno: code,
                             message: "the limit of inotify instances is reached (sysctl fs.inotify.max_user_instances)")
        default:
            return FileError.fromErrno(call, path: path, errno: code)
        }
    }
}

extension FileInbox {
    /// Watches the ready folder, `new/`, calling `wake` when items arrive in it from any process
    /// on this host (see ``FolderWatch``); call ``FolderWatch/start()`` on what it returns.
    public func watchReady(wake: @escaping @Sendable () -> Void) throws(InboxError) -> FolderWatch {
        do {
            return try FolderWatch(path: new.path, wake: wake)
        } catch {
            throw InboxError(error, "cannot watch the ready items")
        }
    }
}
