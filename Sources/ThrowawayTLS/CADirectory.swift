import FoundationEssentials
import Glibc

/// Where a `ThrowawayCA` keeps its files: a directory it was given (left in
/// place), or a fresh private temporary one, removed when the CA and every
/// certificate from it are gone.
final class CADirectory: Sendable {
    let path: String
    /// True for a temporary directory: removed in `deinit`.
    private let owned: Bool

    /// Uses `path` (creating it); its files outlive the CA.
    init(keeping path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        owned = false
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
        owned = true
    }

    deinit {
        if owned { try? FileManager.default.removeItem(atPath: path) }
    }
}
