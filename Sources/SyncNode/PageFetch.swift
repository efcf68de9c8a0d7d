import Synchronization
import SyncProtocol
import Threads

/// One change-log page fetched (downloaded, its response signature
/// checked, decoded, its revisions' content and signatures checked:
/// `FetchedPage`) on a thread of its own, so that the puller applies the
/// page before it meanwhile: a queue of one page.
///
/// `@unchecked Sendable`: the client is used by the fetching thread alone
/// until `finished()` returns (the puller does not touch it meanwhile), and
/// `result`/`bytesAfter` are written by that thread before it exits and
/// read only after it was joined (or, when no thread could be started,
/// written and read by the caller's thread in `finished()`).
final class PageFetch: @unchecked Sendable {
    let query: ChangesQuery
    private let client: PeerClient
    private let trust: TrustStore
    private var result: Result<FetchedPage, any Error>?
    private var bytesAfter = 0
    private var thread: JoinableThread?
    /// The page's signature checks, once it is decoded (`help`).
    private let checks = Mutex<SignatureCheck?>(nil)

    init(_ client: PeerClient, _ query: ChangesQuery, trust: TrustStore) {
        self.client = client
        self.query = query
        self.trust = trust
        // A thread of its own, not a pool's: it starts whatever else is
        // busy; joined, so that it has exited (its OpenSSL state freed)
        // before the pull returns. With no thread to spare, the page is
        // fetched when it is asked for (`finished`), which the puller does
        // outside any transaction.
        thread = try? JoinableThread { [self] in fetch() }
    }

    private func fetch() {
        result = Result {
            try FetchedPage(client.changes(query), from: client.peer.name, trust: trust) { check in
                checks.withLock { $0 = check }
            }
        }
        bytesAfter = client.bytesReceived
    }

    /// Joins in the page's signature checks if it has been decoded: for a
    /// thread that would otherwise wait for this page.
    func help() {
        checks.withLock { $0 }?.work()
    }

    /// `finished()`, joining in the page's signature checks while waiting.
    func finishedHelping() -> (page: Result<FetchedPage, any Error>, bytesReceived: Int) {
        if thread != nil {
            while !isFinished(within: 0.002) { help() }
        }
        return finished()
    }

    /// Whether the fetch is done (and its thread exited), waiting at most
    /// `seconds` for it; false for a fetch with no thread not yet made.
    func isFinished(within seconds: Double = 0) -> Bool {
        guard let thread else { return result != nil }
        return thread.join(within: max(0, seconds))
    }

    /// Waits for the fetch, or makes it now if no thread could be started
    /// (once; later calls return at once); the result and the client's
    /// byte count right after it.
    func finished() -> (page: Result<FetchedPage, any Error>, bytesReceived: Int) {
        if let thread {
            thread.join()
        } else if result == nil {
            fetch()
        }
        return (result!, bytesAfter)
    }
}
