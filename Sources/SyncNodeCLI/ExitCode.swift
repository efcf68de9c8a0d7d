/// The documented exit codes (README, "Exit codes"). Scripts rely on them.
package enum ExitCode: Int32, Sendable {
    case success = 0
    /// Unexpected failure (a bug, a damaged store, an I/O error).
    case failure = 1
    /// Wrong command line (sysexits EX_USAGE).
    case usage = 64
    /// Bad input data: a record, a file, a flag value (EX_DATAERR).
    case dataError = 65
    /// Something named does not exist: a document, a peer, a home (EX_NOINPUT).
    case notFound = 66
    /// One or more peers could not be synced (EX_UNAVAILABLE).
    case peerFailed = 69
    /// Refused to overwrite: a home exists already (EX_CANTCREAT).
    case cannotCreate = 73
    /// Another sync run holds the lock; try later (EX_TEMPFAIL).
    case busy = 75
}
