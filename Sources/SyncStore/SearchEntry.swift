import SyncCore

/// A live document's entry in the full-text index: its row and the texts
/// it was indexed with. An external-content FTS5 index can only remove an
/// entry given those exact texts, and the store keeps them only in the log
/// (StoreSchema.v6), so they are read back before anything changes them.
struct SearchEntry: Equatable {
    let rowID: Int64
    /// In `Store.searchableFields` order; "" for a field the document lacks.
    let texts: [String]

    /// Byte for byte: FTS5 indexes bytes, and Swift's string `==` calls a
    /// text equal to its other Unicode normal form. An edit from one form
    /// to the other must still replace the entry.
    static func == (a: SearchEntry, b: SearchEntry) -> Bool {
        a.rowID == b.rowID && a.texts.count == b.texts.count
            && zip(a.texts, b.texts).allSatisfy { $0.hasSameUTF8(as: $1) }
    }
}
