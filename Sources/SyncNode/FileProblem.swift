import FoundationEssentials
import Glibc

/// A file system error in a few words ("Permission denied"): what
/// Foundation's `localizedDescription` gave, which FoundationEssentials
/// (all the binary links) lacks. FileManager's errors wrap the POSIX one.
package enum FileProblem {
    package static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.userInfo["NSUnderlyingError"] as? POSIXError {
            return text(errno: posix.code.rawValue)
        }
        if let posix = error as? POSIXError { return text(errno: posix.code.rawValue) }
        return String(describing: error)
    }

    /// The system's words for an errno value (strerror); by default the
    /// calling thread's last error.
    package static func text(errno code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}
