// Fuzz target: a push body (`POST /v1/changesets`), each revision in it,
// and the canonical signing bytes of every revision that decodes.
// Invariants checked: the direct push reader agrees with the tree reader
// on every push it accepts; what decodes re-encodes to bytes that decode to the
// same push (a decoder and encoder that disagree would let a peer send a
// revision whose signature we check over other bytes than it signed).
@testable import SyncCore
import SyncProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? WireRevision.decode(bytes)
    // The direct reader accepts only what the tree reader accepts, with the same result.
    for sha256 in [nil, PortableSHA256.digest] {
        if let direct = ChangeSetPush.decodeDirect(bytes, sha256: sha256) {
            guard (try? ChangeSetPush.decodeThroughTree(bytes, sha256: sha256)) == direct else {
                fatalError("the direct push reader accepted a push the tree reader reads otherwise")
            }
        }
    }
    guard let push = try? ChangeSetPush.decode(bytes, sha256: PortableSHA256.digest) else { return 0 }
    for signed in push.revisions {
        _ = CanonicalEncoding.signingBytes(of: signed.revision)
        let again = WireRevision.encode(signed)
        guard (try? WireRevision.decode(again)) == signed else {
            fatalError("a decoded revision does not survive encode and decode")
        }
    }
    guard (try? ChangeSetPush.decode(push.encoded(), sha256: PortableSHA256.digest)) == push else {
        fatalError("a decoded push does not survive encode and decode")
    }
    return 0
}
