#if canImport(Glibc)
import Glibc
#endif

/// The hidden names files are staged under, `.<hint>.<space>-<pid>.<random>.tmp`, and what they
/// tell about their writer.
///
/// `<space>` names the space the process id belongs to: this boot of this host
/// (`/proc/sys/kernel/random/boot_id`) and this process's PID namespace (two containers on one
/// host share a boot but not their process ids). So a staged file left by a process of this
/// space that no longer runs is known for garbage at once: a writer killed during a group commit
/// leaves every file of its batch, which would otherwise wait out the age rule of
/// ``DurableFile/removeStaleTemporaries(in:olderThan:now:)``. A file from another space (another
/// host sharing the inbox's file system, another container, an earlier boot), or whose process
/// id now names another running process, is left to the age rule, as are the names of earlier
/// releases (`.<hint>.<pid>.<random>.tmp`).
enum TemporaryName {
    static func make(hint: String) -> String {
        ".\(hint).\(space ?? "0")-\(getpid()).\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff).tmp"
    }

    /// Whether `name` was staged by a process of this space that no longer runs.
    static func writerIsGone(_ name: String) -> Bool {
        guard let space, name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return false }
        let writer = parts[parts.count - 2].split(separator: "-")
        guard writer.count == 2, writer[0] == space, let pid = Int32(writer[1]), pid > 0, pid != getpid() else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// `<boot>x<namespace>`: the first 8 hexadecimal digits of this boot's identity and the
    /// PID namespace's inode number in hexadecimal; nil where the kernel gives either not.
    static let space: String? = {
        guard let boot else { return nil }
        var target = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/self/ns/pid", &target, target.count - 1)
        guard count > 0 else { return nil }
        // "pid:[4026531836]"
        let text = String(decoding: target.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let inode = UInt64(text.filter(\.isNumber)) else { return nil }
        return boot + "x" + String(inode, radix: 16)
    }()

    /// The first 8 hexadecimal digits of this boot's identity; nil where the kernel gives none.
    private static let boot: String? = {
        guard let file = fopen("/proc/sys/kernel/random/boot_id", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let hex = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .filter(\.isHexDigit).lowercased()
        return hex.count >= 8 ? String(hex.prefix(8)) : nil
    }()
}
