/// A live document's entry in the full-text index: its row and the texts
/// it was indexed with. An external-content FTS5 index can only remove an
/// entry given those exact texts, and the store keeps them only in the log
/// (StoreSchema.v6), so they are read back before anything changes them.
struct SearchEntry: Equatable {
    let rowID: Int64
    /// In `Store.searchableFields` order; "" for a field the document lacks.
    let texts: [String]
}
