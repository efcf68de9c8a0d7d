import Foundation
import SyncCore

/// Reads a JSON Lines file a line at a time (C `getline`), so that an
/// import of a 250 MB file holds one line, not the file.
enum JSONLinesReader {
    /// Calls `body` with each non-blank line, trimmed of spaces, tabs and a
    /// trailing CR, and its 1-based line number.
    /// - Throws: `ImportError` when the file cannot be read or a line is not UTF-8.
    static func forEachLine(_ file: String, _ body: ([UInt8], Int) throws -> Void) throws {
        guard let handle = fopen(file, "rb") else {
            throw ImportError(file: file, line: 0, field: nil, reason: "cannot read the file")
        }
        defer { fclose(handle) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var number = 0
        // getline returns -1 at the end: one pass per line of a finite file.
        while true {
            let length = getline(&buffer, &capacity, handle)
            guard length >= 0, let buffer else { break }
            number += 1
            let bytes = trimmed(Array(UnsafeRawBufferPointer(start: buffer, count: length)))
            if bytes.isEmpty { continue }
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw ImportError(file: file, line: number, field: nil, reason: "the file is not valid UTF-8 text")
            }
            try body(bytes, number)
        }
        if ferror(handle) != 0 { throw ImportError(file: file, line: number, field: nil, reason: "cannot read the file") }
    }

    /// `bytes` without leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return [] }
        return Array(bytes[first...last])
    }
}
