import SyncCore
import SyncStore

/// The store's text forms, written directly for the floor measurements:
/// content as compact JSON with keys in UTF-8 byte order (the form the
/// store keeps), and clocks as sorted `actor:counter` items. `RowCheck`
/// compares these with what the store itself wrote.
enum BareJSON {
    /// The store's own writer (`ContentJSON`), itself a direct one: bytes
    /// written in one pass, nothing the floor could shed.
    static func content(_ c: Content) -> String {
        ContentJSON.encode(c)
    }

    static func clock(_ v: VersionVector) -> String {
        v.sortedEntries.map { "\($0.actor):\($0.counter)" }.joined(separator: " ")
    }
}
