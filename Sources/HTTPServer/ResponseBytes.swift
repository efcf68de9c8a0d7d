internal import CMicroHTTPD
import Synchronization

/// A response body handed to libmicrohttpd without copying it: MHD sends
/// straight from the array's storage and calls `release` once it destroys
/// the response (after the last byte went out, or the connection closed).
/// A kept change-log page (~270 KiB) was copied into a fresh allocation for
/// every answer before, about a tenth of the server's CPU per pull.
///
/// `@unchecked Sendable`: the box is created on one worker thread and freed
/// by MHD on whichever thread destroys the response; `bytes` is a `let`
/// that is never mutated, and the box (retained through `Unmanaged` until
/// `release`) keeps the array's storage alive, so the element address
/// taken in `response` stays valid and unchanged for as long as MHD uses it.
final class ResponseBytes: @unchecked Sendable {
    /// Bodies MHD still holds, to let tests prove none leak.
    static let live = Atomic<Int>(0)

    private let bytes: [UInt8]

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        Self.live.add(1, ordering: .relaxed)
    }

    deinit { Self.live.subtract(1, ordering: .relaxed) }

    /// An MHD response whose body is `bytes` (not copied); nil when MHD
    /// could not create one (out of memory).
    static func response(_ bytes: [UInt8]) -> OpaquePointer? {
        let box = ResponseBytes(bytes)
        let base = box.bytes.withUnsafeBufferPointer { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
        guard let base, !box.bytes.isEmpty else {
            // No storage to point at: an empty body is copied (nothing).
            return cmhd_create_response_from_buffer(0, nil, .RESPMEM_PERSISTENT)
        }
        let retained = Unmanaged.passRetained(box).toOpaque()
        guard let r = cmhd_create_response_from_buffer_with_free_callback_cls(box.bytes.count, base, release, retained) else {
            Unmanaged<ResponseBytes>.fromOpaque(retained).release()
            return nil
        }
        return r
    }

    /// MHD's free callback: balances `passRetained` in `response`.
    static let release: MHD_ContentReaderFreeCallback = { cls in
        guard let cls else { return }
        Unmanaged<ResponseBytes>.fromOpaque(cls).release()
    }
}
