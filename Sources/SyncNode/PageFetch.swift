import SyncProtocol
import Threads

/// One change-log page fetched (downloaded, its response signature checked
/// and decoded) on a thread of its own, so that the puller verifies and
/// applies the page before it meanwhile: a queue of one page.
///
/// `@unchecked Sendable`: the client is used by the fetching thread alone
/// until `page()` returns (the puller does not touch it meanwhile), and
/// `result`/`bytesAfter` are written by that thread before it exits and
/// read only after it was joined (or, when no thread could be started,
/// written in `init` before anything can read them).
final class PageFetch: @unchecked Sendable {
    let query: ChangesQuery
    private let client: PeerClient
    private var result: Result<ChangesPage, any Error>?
    private var bytesAfter = 0
    private var thread: JoinableThread?

    init(_ client: PeerClient, _ query: ChangesQuery) {
        self.client = client
        self.query = query
        // A thread of its own, not a pool's: it starts whatever else is
        // busy; joined, so that it has exited (its OpenSSL state freed)
        // before the pull returns. With no thread to spare, fetch now.
        thread = try? JoinableThread { [self] in fetch() }
        if thread == nil { fetch() }
    }

    private func fetch() {
        result = Result { try client.changes(query) }
        bytesAfter = client.bytesReceived
    }

    /// Waits for the fetch; the page, or the error fetching it threw.
    /// Afterwards the client is the caller's again.
    func page() throws -> ChangesPage {
        try finished().page.get()
    }

    /// Waits for the fetch (once; later calls return at once); the result
    /// and the client's byte count right after it.
    func finished() -> (page: Result<ChangesPage, any Error>, bytesReceived: Int) {
        thread?.join()
        return (result!, bytesAfter)
    }
}
