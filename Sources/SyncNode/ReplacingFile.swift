import Glibc

/// A file written in pieces and put in place whole: the pieces go to a
/// temporary file beside `path`, which `commit` syncs and renames over
/// `path`. So a file written a record at a time (an export of any size)
/// needs no more memory than a buffer, a reader (a backup job,
/// node_exporter's collector) never sees half a file, and a write that
/// fails leaves `path` as it was. Without `commit`, the temporary file is
/// removed when this goes away.
package final class ReplacingFile {
    package let path: String
    private let temporary: String
    /// The file in the user's words ("the export file"), for errors.
    private let what: String
    /// What to check when the file cannot be written.
    private let advice: String
    private var fd: Int32
    private let writer: BufferedWriter
    private var committed = false

    package init(path: String, what: String, advice: String, permissions: mode_t = 0o644) throws {
        self.path = path
        self.what = what
        self.advice = advice
        temporary = path + ".tmp.\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            throw NodeError(.cannotCreate, "cannot create \(what) \(temporary): \(FileProblem.text()); \(advice)")
        }
        writer = BufferedWriter(fd: fd)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporary) }
    }

    /// Appends `text` (buffered).
    package func write(_ text: String) throws {
        writer.write(text)
        if let failure = writer.failure { throw self.failure("cannot write \(what) \(temporary)", errno: failure) }
    }

    /// Writes out what is buffered, syncs it, and renames the file over `path`.
    package func commit() throws {
        guard writer.flush() else { throw failure("cannot write \(what) \(temporary)", errno: writer.failure ?? errno) }
        guard fsync(fd) == 0 else { throw failure("cannot write \(what) \(temporary)") }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw failure("cannot write \(what) \(temporary)") }
        guard rename(temporary, path) == 0 else { throw failure("cannot move \(what) into place as \(path)") }
        committed = true
    }

    /// `message`, the system's reason (errno) and the advice.
    private func failure(_ message: String, errno code: Int32 = errno) -> NodeError {
        NodeError(.cannotCreate, "\(message): \(FileProblem.text(errno: code)); \(advice)")
    }
}
