import Foundation

/// Reads floor B's input file (`FloorRecord`'s layout) a chunk of records
/// at a time, on the inserting thread, as floor_insert's fill_chunk reads
/// lines: 1 MiB reads, each record copied out once.
final class FloorRecordReader {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// The next record's start in `buffer`.
    private var at = 0
    /// The file offset of `buffer[0]`, for error messages.
    private var offset = 0
    private var atEnd = false

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BenchError("floor B: cannot open its input \(path)")
        }
        self.path = path
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Up to `limit` records; none at the end of the file.
    func next(_ limit: Int) throws -> [FloorRecord] {
        var out: [FloorRecord] = []
        out.reserveCapacity(limit)
        while out.count < limit, let record = try nextRecord() { out.append(record) }
        return out
    }

    private func nextRecord() throws -> FloorRecord? {
        while true {
            if let n = FloorRecord.length(buffer, at: at), at + 4 + n + FloorRecord.signatureLength <= buffer.count {
                let end = at + 4 + n
                let record = FloorRecord(message: Array(buffer[(at + 4)..<end]),
                                         signature: Array(buffer[end..<(end + FloorRecord.signatureLength)]))
                at = end + FloorRecord.signatureLength
                return record
            }
            if atEnd {
                guard at == buffer.count else {
                    throw BenchError("floor B: \(path) ends inside a record (at byte \(offset + at) of \(offset + buffer.count))")
                }
                return nil
            }
            buffer.removeFirst(at)
            offset += at
            at = 0
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw BenchError("floor B: cannot read \(path) at byte \(offset + buffer.count): \(error)")
            }
            if chunk.isEmpty { atEnd = true } else { buffer += chunk }
        }
    }
}
