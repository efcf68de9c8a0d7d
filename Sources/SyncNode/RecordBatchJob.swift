import Dispatch
import SyncCore

/// The next lines of a JSON Lines file read and parsed into records on
/// another thread, so that an import's writing thread spends its time
/// writing while the batch after the one it writes is being parsed.
///
/// `@unchecked Sendable`: the reader is used by this job's thread alone
/// until `finished()` returns (the next job is made only after that), and
/// `records` is written before the semaphore is signalled and read only
/// after it was waited for.
final class RecordBatchJob: @unchecked Sendable {
    /// The batch's records with their line numbers, up to the first failure
    /// (a line that is not a record, or the file not read), which ends it.
    private var records: [Result<(DocumentRecord, Int), any Error>] = []
    private var atEnd = false
    private let done = DispatchSemaphore(value: 0)

    init(_ reader: JSONLinesReader, count: Int) {
        DispatchQueue.global().async { [self] in
            do {
                while records.count < count {
                    guard let (bytes, line) = try reader.nextLine() else { atEnd = true; break }
                    records.append(.success((try RecordReader.jsonLine(bytes, file: reader.file, line: line), line)))
                }
            } catch {
                records.append(.failure(error))
                atEnd = true
            }
            done.signal()
        }
    }

    /// Waits for the batch (once; later calls return at once): its records,
    /// and whether the file has no more after them.
    func finished() -> (records: [Result<(DocumentRecord, Int), any Error>], atEnd: Bool) {
        done.wait()
        done.signal()
        return (records, atEnd)
    }
}
