extension String {
    /// Byte equality of the UTF-8, where `==` is canonical equivalence (a
    /// text in NFC equals its NFD form). What a store writes and indexes
    /// (the stored view, the full-text index) must follow the bytes.
    /// `withUTF8` reads a native string's own bytes (a small string's from a
    /// copy on the stack, a bridged one's from a native copy), so this is a
    /// word-at-a-time compare, O(1) for two copies of one large string;
    /// `utf8.elementsEqual` went byte by byte through the generic iterator
    /// (2% of a pull's CPU, once per applied revision).
    package func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other
        return a.withUTF8 { pa in b.withUTF8 { pb in UnsafeRawBufferPointer(pa).hasSameBytes(as: UnsafeRawBufferPointer(pb)) } }
    }
}
