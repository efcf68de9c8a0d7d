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
/// written in `init` before anything can read them).
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
        // before the pull returns. With no thread to spare, fetch now.
        thread = try? JoinableThread { [self] in fetch() }
        if thread == nil { fetch() }
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
        while !isFinished(within: 0.002) { help() }
        return finished()
    }

    /// Whether the fetch is done (and its thread exited), waiting at most
    /// `seconds` for it.
    func isFinished(within seconds: Double = 0) -> Bool {
        thread?.join(within: max(0, seconds)) ?? true
    }

    /// Waits for the fetch (once; later calls return at once); the result
    /// and the client's byte count right after it.
    func finished() -> (page: Result<FetchedPage, any Error>, bytesReceived: Int) {
        thread?.join()
        return (result!, bytesAfter)
    }
}
