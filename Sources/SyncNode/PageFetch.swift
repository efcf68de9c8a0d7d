import Dispatch
import Foundation
import Synchronization
import SyncProtocol

/// One change-log page fetched (downloaded, its response signature
/// checked, decoded, its revisions' content and signatures checked:
/// `FetchedPage`) on a thread of its own, so that the puller applies the
/// page before it meanwhile: a queue of one page.
///
/// `@unchecked Sendable`: the client is used by the fetching thread alone
/// until `finished()` returns (the puller does not touch it meanwhile), and
/// `result`/`bytesAfter` are written before the semaphore is signalled and
/// read only after it was waited for.
final class PageFetch: @unchecked Sendable {
    let query: ChangesQuery
    private let client: PeerClient
    private var result: Result<FetchedPage, any Error>?
    private var bytesAfter = 0
    private let done = DispatchSemaphore(value: 0)
    /// The page's signature checks, once it is decoded (`help`).
    private let checks = Mutex<SignatureCheck?>(nil)

    init(_ client: PeerClient, _ query: ChangesQuery, trust: TrustStore) {
        self.client = client
        self.query = query
        // A thread of its own, not a pool's: it starts whatever else is busy.
        Thread.detachNewThread { [self] in
            result = Result {
                try FetchedPage(self.client.changes(self.query), from: self.client.peer.name, trust: trust) { check in
                    self.checks.withLock { $0 = check }
                }
            }
            bytesAfter = self.client.bytesReceived
            done.signal()
        }
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

    /// Whether the fetch is done, waiting at most `seconds` for it.
    func isFinished(within seconds: Double = 0) -> Bool {
        guard done.wait(timeout: .now() + max(0, seconds)) == .success else { return false }
        done.signal()
        return true
    }

    /// Waits for the fetch (once; later calls return at once); the result
    /// and the client's byte count right after it.
    func finished() -> (page: Result<FetchedPage, any Error>, bytesReceived: Int) {
        done.wait()
        done.signal()
        return (result!, bytesAfter)
    }
}
