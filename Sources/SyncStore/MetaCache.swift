/// node_meta as one connection holds it during one top-level write
/// transaction: read whole on first use, changed in memory, and written
/// back just before COMMIT. The hot paths (a dot, a clock reading, an
/// observed timestamp per revision) then cost no SQL. Outside a write
/// transaction there is no cache: every read goes to the table, so writes
/// by other processes are always seen.
struct MetaCache {
    var values: [String: String]
    /// Keys set (to a value) or removed (nil) since the transaction began.
    var changed: [String: String?] = [:]

    init(values: [String: String]) {
        self.values = values
    }
}
