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

extension UnsafeRawBufferPointer {
    /// Whether any byte is 0 (a word at a time: a word holds a zero byte
    /// exactly when `(w - 0x01..01) & ~w & 0x80..80` is not 0).
    var containsZeroByte: Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= count {
            let w = UInt64(littleEndian: loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if (w &- ones) & ~w & highs != 0 { return true }
            i += 8
        }
        while i < count {
            if self[i] == 0 { return true }
            i += 1
        }
        return false
    }
}
