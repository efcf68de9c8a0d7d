import FoundationEssentials
import Glibc
import SyncCore

/// The lock a sync run holds on `<home>/sync.lock` (flock), so a timer that
/// fires while the last run is still going exits at once. The kernel drops
/// the lock when its process dies, so a killed run never leaves it stuck.
package final class RunLock {
    let fd: Int32
    package let path: String

    /// - Throws: `NodeError(.busy)` naming the holder's pid when another run holds it.
    package init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw NodeError(.failure, "cannot open the lock file \(path): \(FileProblem.text())")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 31, 0)
            close(fd)
            if err == EWOULDBLOCK {
                let holder = n > 0 ? Self.holder(in: String(decoding: buf[0..<n], as: UTF8.self)) : "?"
                throw NodeError(.busy, "another sync run (pid \(holder)) holds \(path): this run exits; the next scheduled run will try again")
            }
            throw NodeError(.failure, "cannot lock \(path): \(FileProblem.text(errno: err))")
        }
        self.fd = fd
        // Overwritten, then cut to length: truncating to 0 first would free
        // the file's block, which a file system mounted with `discard`
        // hands back to the disk synchronously, on every run. A reader
        // between the two sees the new pid's line first ("789\n56"):
        // readers take the first line (`holder(in:)`).
        let pid = Array("\(getpid())\n".utf8)
        if pwrite(fd, pid, pid.count, 0) != pid.count || ftruncate(fd, off_t(pid.count)) != 0 {
            // The pid is only informational; the lock itself is held.
        }
    }

    /// The pid a lock file names: its first line, trimmed.
    package static func holder(in text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingWhitespace()
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

@available(*, unavailable)
extension RunLock: Sendable {}
