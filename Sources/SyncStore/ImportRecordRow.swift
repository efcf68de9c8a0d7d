import SyncCore

/// What an import's first read kept of one record, and what matching decided
/// for it (`Store.importRecordRow`): the work tables' row, typed.
package struct ImportRecordRow: Sendable, Equatable {
    /// A decision as the work tables keep it.
    package enum Decision: String, Sendable {
        case unchanged, update, create
    }

    package var id: String?
    package var kind: DocumentKind
    package var digest: [UInt8]
    package var file: String
    package var line: Int
    /// nil: no document matched, and the record creates one under a new id.
    package var decision: Decision?
    /// The document the record writes (nil for a new id, minted later).
    package var documentID: String?
}
