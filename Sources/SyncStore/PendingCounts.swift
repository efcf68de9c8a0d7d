/// The kept counts (`Store+Counts`) a write transaction has changed but not
/// yet written: added up in memory and written once just before COMMIT (or
/// before the transaction reads a count), instead of two UPDATEs per
/// applied revision.
struct PendingCounts {
    /// One `document_counts` row (`Store.CountKey`).
    struct Key: Hashable {
        var deleted: Bool
        var kind: String
        var city: String
    }

    var revisions: Int64 = 0
    var documents: [Key: Int64] = [:]

    var isEmpty: Bool { revisions == 0 && documents.values.allSatisfy { $0 == 0 } }
}
