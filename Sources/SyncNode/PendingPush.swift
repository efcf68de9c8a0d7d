import SyncProtocol

/// A pushed change-set whose signatures are checked, waiting for its turn
/// in a write group (`NodeService.pushes`).
struct PendingPush: Sendable {
    let changeset: ChangeSetPush
    /// The peer that signed the request (and is the change-set's origin).
    let peer: String
    /// The trust store its signatures were checked against.
    let trust: TrustStore
    /// Per revision, why it must not reach the store (`ChangeSetApplier.verify`).
    let refusals: [RevisionRejection?]
    /// When the request arrived (local wall-clock milliseconds).
    let now: UInt64
}
