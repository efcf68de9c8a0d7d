import FoundationEssentials
import Glibc
import SyncCore

/// Reads a JSON Lines file a line at a time (C `getline`), so that an
/// import of a 250 MB file holds one line, not the file.
///
/// `@unchecked Sendable`: its state (the C file, the line buffer, the line
/// number) is used by one thread at a time. `RecordReader.forEachLineRecord`
/// hands it from one batch to the next only after waiting for the batch
/// before (`BackgroundResult.get`), which orders the accesses.
final class JSONLinesReader: @unchecked Sendable {
    let file: String
    private let handle: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity = 0
    private var number = 0

    /// - Throws: `ImportError` when the file cannot be opened.
    init(_ file: String) throws {
        guard let handle = fopen(file, "rb") else {
            throw ImportError(file: file, line: 0, field: nil, reason: "cannot read the file")
        }
        self.file = file
        self.handle = handle
    }

    deinit {
        fclose(handle)
        free(buffer)
    }

    /// The next non-blank line, trimmed of spaces, tabs and a trailing CR,
    /// with its 1-based line number; nil at the end of the file.
    /// - Throws: `ImportError` when the file cannot be read or a line is not UTF-8.
    func nextLine() throws -> (bytes: [UInt8], line: Int)? {
        // getline returns -1 at the end: one pass per line of a finite file.
        while true {
            let length = getline(&buffer, &capacity, handle)
            guard length >= 0, let buffer else { break }
            number += 1
            let raw = UnsafeRawBufferPointer(start: buffer, count: length)
            let bytes = Self.trimmed(raw)
            if bytes.isEmpty { continue }
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw ImportError(file: file, line: number, field: nil, reason: "the file is not valid UTF-8 text")
            }
            return (bytes, number)
        }
        if ferror(handle) != 0 { throw ImportError(file: file, line: number, field: nil, reason: "cannot read the file") }
        return nil
    }

    /// `bytes` without leading and trailing spaces, tabs, CR and LF.
    static func trimmed<C: RandomAccessCollection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return [] }
        return Array(bytes[first...last])
    }
}
