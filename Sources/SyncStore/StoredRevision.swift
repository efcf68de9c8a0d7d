import SyncCore

/// A change-log row with its content left as the JSON text the store keeps:
/// what a node serving its log sends, without decoding each content only
/// to encode it again.
package struct StoredRevision: Sendable, Equatable {
    package var seq: Int64
    package var documentID: String
    package var kind: String
    package var dot: Dot
    package var context: VersionVector
    package var author: String
    package var timestamp: HybridTimestamp
    package var tombstone: Bool
    /// Compact JSON, keys sorted (`ContentJSON`).
    package var contentJSON: String
    package var signature: [UInt8]
}
