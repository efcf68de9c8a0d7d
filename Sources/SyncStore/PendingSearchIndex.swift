/// The full-text index changes a write transaction has made but not yet
/// written (`Store.flushSearchIndex`), written in ascending row order.
///
/// FTS5 writes its pending entries out as a new index segment whenever an
/// entry comes for a row below the last one it took, or an insertion
/// follows an insertion of the same row. Written as documents are applied
/// (a pull's page is in log order, not row order), ten edited documents
/// made about five segments per pull, each a flush with its own structure
/// update, and each adding to the count that triggers FTS5's merge steps.
/// In row order, a transaction's edits make one segment.
struct PendingSearchIndex {
    /// One document row's change: the entry the index holds for it (as of
    /// the last flush) and the one it should hold after this write.
    struct Change {
        var indexed: SearchEntry?
        var wanted: SearchEntry?
    }

    /// Flushed once this many rows are pending, to bound the memory of a
    /// long write (an import holds about 2.5 KB of text per entry).
    static let limit = 256

    private var changes: [Int64: Change] = [:]

    var count: Int { changes.count }

    /// Records that row `rowID`'s entry goes from `old` to `new`. A row
    /// changed again keeps the entry the index still holds.
    mutating func replace(rowID: Int64, old: SearchEntry?, new: SearchEntry?) {
        if changes[rowID] != nil {
            changes[rowID]?.wanted = new
        } else {
            changes[rowID] = Change(indexed: old, wanted: new)
        }
    }

    /// The changes in ascending row order, without those that changed nothing.
    func ordered() -> [Change] {
        changes.sorted { $0.key < $1.key }.map(\.value).filter { $0.indexed != $0.wanted }
    }
}
