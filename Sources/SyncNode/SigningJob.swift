import Dispatch
import Synchronization
import SyncCore
import SyncCrypto

/// Signs a batch of revisions on a background thread, so that a bulk
/// writer can apply the previous batch meanwhile (signing is then hidden
/// behind the SQLite work instead of adding to it).
final class SigningJob: Sendable {
    private let results: Mutex<[Result<[UInt8], Error>]>
    private let done = DispatchSemaphore(value: 0)

    init(_ revisions: [Revision], key: Ed25519PrivateKey) {
        results = Mutex([])
        DispatchQueue.global().async { [self] in
            let signed = revisions.map { r in Result { try key.sign(CanonicalEncoding.signingBytes(of: r)) } }
            results.withLock { $0 = signed }
            done.signal()
        }
    }

    /// Waits for the batch; the signatures in revision order.
    func signatures() throws -> [[UInt8]] {
        done.wait()
        done.signal()  // later calls return at once
        return try results.withLock { try $0.map { try $0.get() } }
    }
}
