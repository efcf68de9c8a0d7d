import SyncProtocol
import Synchronization

/// What one request accumulates across the access-handler calls.
///
/// Created in the URI-log callback (the only place that sees the raw target),
/// kept in MHD's `*req_cls` with `Unmanaged.passRetained`, released in the
/// NOTIFY_COMPLETED callback. Only the MHD worker that owns the connection
/// touches it, so it needs neither a lock nor `Sendable`.
final class RequestState {
    /// Live instances, to let tests prove none leak.
    static let live = Atomic<Int>(0)

    let target: String
    var headSeen = false
    var headers: [HTTPHeaders.Field] = []
    var body: [UInt8] = []
    var clientSubject: String?
    var clientCommonName: String?

    init(target: String) {
        self.target = target
        Self.live.add(1, ordering: .relaxed)
    }

    deinit { Self.live.subtract(1, ordering: .relaxed) }
}
