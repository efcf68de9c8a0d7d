/// Byte scans that read a word (eight bytes) at a time, for the checks
/// that run over every byte of every text a node takes in or writes out.
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

    /// The offset of the first quote, backslash or control character (below
    /// 0x20) at or after `from`, or `count`: where a run of string bytes that
    /// JSON writes as they are ends. Eight bytes at a time, since strings are
    /// most of the bytes of every page, import and stored revision (a word
    /// holds a byte below n, for n <= 128, exactly when
    /// `(w - n * 0x01..01) & ~w & 0x80..80` is not 0; a byte equal to q is a
    /// zero byte of `w ^ q * 0x01..01`). `JSONParser` and `JSONValue.writeString`.
    func endOfPlainJSONRun(from: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* 0x22, backslashes = ones &* 0x5C, controls = ones &* 0x20
        var i = from
        while i + 8 <= count {
            let w = UInt64(littleEndian: loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let q = w ^ quotes, b = w ^ backslashes
            if ((q &- ones) & ~q | (b &- ones) & ~b | (w &- controls) & ~w) & highs != 0 { break }
            i += 8
        }
        while i < count {
            let c = self[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { return i }
            i += 1
        }
        return count
    }

    /// Whether both hold the same bytes, eight at a time; the same memory
    /// in O(1) (a document's view whose texts are its revision's own
    /// strings). `String.hasSameUTF8`, once per applied revision.
    func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        if baseAddress == other.baseAddress { return true }
        var i = 0
        while i + 8 <= count {
            if loadUnaligned(fromByteOffset: i, as: UInt64.self) != other.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            if self[i] != other[i] { return false }
            i += 1
        }
        return true
    }
}
