import FoundationEssentials
import Glibc
import Synchronization

/// Where a `ThrowawayCA` keeps its files: a directory it was given (left in
/// place), or a fresh private temporary one, removed when the CA and every
/// certificate from it are gone, or else when the process exits: a test
/// suite keeps its shared CAs in statics, which are never deinitialized.
final class CADirectory: Sendable {
    let path: String

    /// Uses `path` (creating it); its files outlive the CA.
    init(keeping path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    /// A new directory (mode 0700) under the system temporary directory.
    init(temporaryWithPrefix prefix: String) throws {
        let temporary = FileManager.default.temporaryDirectory.path
        let base = temporary.hasSuffix("/") ? temporary : temporary + "/"
        var template = Array((base + prefix + "-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ThrowawayCAError(message: "cannot create a temporary directory \(base + prefix)-XXXXXX: errno \(errno)")
        }
        path = String(cString: made)
        Self.removedAtExit.withLock { _ = $0.insert(path) }
        _ = Self.exitHandler
    }

    /// Removes a temporary directory (one still registered: not a given
    /// one, nor one removed at exit already).
    deinit {
        guard Self.removedAtExit.withLock({ $0.remove(path) }) != nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The temporary directories of the CAs still alive: what `deinit` and
    /// exit remove.
    private static let removedAtExit = Mutex<Set<String>>([])
    /// Registers `removeLeftovers` with `atexit`, once.
    private static let exitHandler: Void = {
        guard atexit({ CADirectory.removeLeftovers(only: nil) }) == 0 else {
            return   // no cleanup at exit: the directories stay in the temporary directory, as before
        }
    }()

    /// Removes the temporary directories of the CAs still alive: all of
    /// them at exit; `only` those listed for a test, which must not take
    /// other tests' CAs away. Their certificates must not be used after it.
    static func removeLeftovers(only listed: Set<String>? = nil) {
        let paths = removedAtExit.withLock { registered in
            let taken = listed.map { registered.intersection($0) } ?? registered
            registered.subtract(taken)
            return taken
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Whether exit would remove `path` (a live CA's temporary directory).
    static func isRemovedAtExit(_ path: String) -> Bool {
        removedAtExit.withLock { $0.contains(path) }
    }
}
