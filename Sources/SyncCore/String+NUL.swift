extension String {
    /// Whether the text holds U+0000. SQLite's JSON functions cut a string
    /// at an escaped NUL and importers refuse one, so every text a store
    /// writes is checked: eight bytes at a time, since the check runs over
    /// every byte of every imported or pulled text.
    package var containsNUL: Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ UnsafeRawBufferPointer($0).containsZeroByte }) {
            return found
        }
        return utf8.contains(0)
    }
}
