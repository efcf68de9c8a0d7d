import Foundation

/// Writes floor B's input file during a benchmark's setup (not measured),
/// in 4 MiB writes, so that N records are never all held in memory.
final class FloorRecordWriter {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot create floor B's input \(path)")
        }
        self.path = path
        self.handle = handle
    }

    func append(_ record: FloorRecord) throws {
        buffer += record.encoded
        if buffer.count >= 4 << 20 { try flush() }
    }

    /// Writes what is left and closes the file.
    func close() throws {
        try flush()
        do { try handle.close() } catch { throw BenchError("cannot close floor B's input \(path): \(error)") }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch { throw BenchError("cannot write floor B's input \(path): \(error)") }
        buffer.removeAll(keepingCapacity: true)
    }
}
