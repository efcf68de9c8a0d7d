import FoundationEssentials
import Glibc
import SyncCore
import SyncStore

/// Reads import files: JSON (one record or an array), JSON Lines (`.jsonl`,
/// `.ndjson`) and Markdown with front matter (`.md`), a file or a directory
/// tree (files in sorted path order, so imports are repeatable).
package enum RecordReader {
    package static let extensions = ["json", "jsonl", "ndjson", "md", "markdown"]
    /// Larger files are refused rather than read into memory whole.
    package static let maxFileBytes = 512 * 1024 * 1024

    /// Every record under `path`, each with the file and line it came from.
    /// - Throws: `ImportError` for the first bad record.
    package static func read(path: String) throws -> [(record: DocumentRecord, file: String, line: Int)] {
        var out: [(DocumentRecord, String, Int)] = []
        try forEachRecord(paths: [path]) { out.append(($0, $1, $2)) }
        return out
    }

    /// Calls `body` with every record under `paths`, in order, with its file
    /// and line. JSON Lines files are read a line at a time, so memory does
    /// not grow with the file; a JSON or Markdown file is read whole.
    /// - Throws: `ImportError` for the first bad record, or what `body` throws.
    package static func forEachRecord(paths: [String], _ body: (DocumentRecord, String, Int) throws -> Void) throws {
        for path in paths {
            for file in try files(at: path) {
                switch pathExtension(file) {
                case "jsonl", "ndjson":
                    try forEachLineRecord(file, body)
                default:
                    for (record, line) in try parse(try contents(of: file), file: file) { try body(record, file, line) }
                }
            }
        }
    }

    /// Lines parsed ahead of the caller, per batch (about 0.6 MB of articles).
    static let batchLines = 256

    /// `forEachRecord` of one JSON Lines file: the next batch of lines is
    /// read and parsed on another thread (`BackgroundResult`) while `body`
    /// takes the records of this one, in order. The reader goes from one
    /// batch to the next only once the batch before is done with it.
    static func forEachLineRecord(_ file: String, _ body: (DocumentRecord, String, Int) throws -> Void) throws {
        let reader = try JSONLinesReader(file)
        var batch = BackgroundResult { nextBatch(reader) }
        while true {
            let (records, atEnd) = batch.get()
            let next = atEnd ? nil : BackgroundResult { nextBatch(reader) }
            // A throwing `body` returns only once the batch read ahead is done with the reader.
            defer { _ = next?.get() }
            for result in records {
                let (record, line) = try result.get()
                try body(record, file, line)
            }
            guard let next else { return }
            batch = next
        }
    }

    /// The next `batchLines` records of `reader` with their line numbers, up
    /// to the first failure (a line that is not a record, or the file not
    /// read), which ends the file; and whether the file has no more.
    static func nextBatch(_ reader: JSONLinesReader) -> (records: [Result<(DocumentRecord, Int), any Error>], atEnd: Bool) {
        var records: [Result<(DocumentRecord, Int), any Error>] = []
        do {
            while records.count < batchLines {
                guard let (bytes, line) = try reader.nextLine() else { return (records, true) }
                records.append(.success((try jsonLine(bytes, file: reader.file, line: line), line)))
            }
        } catch {
            records.append(.failure(error))
            return (records, true)
        }
        return (records, false)
    }

    /// The lowercased extension of the path's last component ("json" for
    /// "a/b.JSON"), "" when it has none.
    static func pathExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The import files at `path`: itself, or those under it in sorted order.
    package static func files(at path: String) throws -> [String] {
        var isDir = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw NodeError(.notFound, "\(path): no such file or directory: check the path (nothing was imported)")
        }
        guard isDir else { return [path] }
        var found: [String] = []
        if let code = walk(path, into: &found) {
            throw ImportError(file: path, line: 0, field: nil, reason: "cannot read the directory: \(FileProblem.text(errno: code))")
        }
        return found.sorted()
    }

    /// Adds the import files under `directory` to `found`. Entries whose
    /// name starts with "." are skipped without being entered (`.git`),
    /// symbolic links are not followed, and a subdirectory that cannot be
    /// read is skipped (FileManager's directory enumerator did the same;
    /// FoundationEssentials has none).
    /// - Returns: the errno when `directory` itself cannot be read, else nil.
    @discardableResult
    private static func walk(_ directory: String, into found: inout [String]) -> Int32? {
        guard let dir = opendir(directory) else { return errno }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            let full = directory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(full, into: &found)
            case S_IFREG: if extensions.contains(pathExtension(name)) { found.append(full) }
            default: continue
            }
        }
        return nil
    }

    static func contents(of file: String) throws -> String {
        guard let size = FileManager.default.sizeOfItem(atPath: file) else {
            throw ImportError(file: file, line: 0, field: nil, reason: "cannot read the file")
        }
        if size > Int64(maxFileBytes) {
            throw ImportError(file: file, line: 0, field: nil, reason: "the file is \(size) bytes; the limit is \(maxFileBytes): split it")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ImportError(file: file, line: 0, field: nil, reason: "cannot read the file")
        }
        let bytes = [UInt8](data)
        if let bad = firstInvalidUTF8(bytes) {
            let line = 1 + bytes[..<bad].lazy.filter { $0 == UInt8(ascii: "\n") }.count
            throw ImportError(file: file, line: line, field: nil,
                              reason: "the file is not valid UTF-8 text (byte \(bad + 1) is not UTF-8): save it as UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that does not decode as UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        // Each step consumes at least one byte, so this ends within bytes.count steps.
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    static func nulError(file: String, line: Int, field: String) -> ImportError {
        ImportError(file: file, line: line, field: field,
                    reason: "contains a NUL character (U+0000), which no text field may hold: remove it (often the sign of a binary file or a wrong encoding)")
    }

    /// The first top-level field whose text (or list item) holds U+0000.
    static func fieldWithNUL(_ value: JSONValue) -> String? {
        guard case .object(let members) = value else { return nil }
        func holdsNUL(_ value: JSONValue) -> Bool {
            switch value {
            case .string(let s): return s.containsNUL
            case .array(let items): return items.contains { $0.string?.containsNUL == true }
            default: return false
            }
        }
        // The first such field by name, so that the error names the same one every time.
        return members.filter { holdsNUL($0.value) }.keys.min()
    }

    /// Parses one file's text by its extension.
    package static func parse(_ text: String, file: String) throws -> [(DocumentRecord, Int)] {
        let ext = pathExtension(file)
        switch ext {
        case "jsonl", "ndjson": return try parseJSONLines(text, file: file)
        case "md", "markdown": return [try MarkdownRecord.parse(text, file: file)]
        default: return try parseJSON(text, file: file)
        }
    }

    static func parseJSON(_ text: String, file: String) throws -> [(DocumentRecord, Int)] {
        let values: [(value: JSONValue, line: Int)]
        do { values = try JSONParser.parseRecords(text) } catch let e {
            throw ImportError(file: file, line: e.line, field: nil, reason: "malformed JSON at column \(e.column): \(e.reason)")
        }
        return try values.map { (try record($0.value, file: file, line: $0.line), $0.line) }
    }

    static func parseJSONLines(_ text: String, file: String) throws -> [(DocumentRecord, Int)] {
        var out: [(DocumentRecord, Int)] = []
        for (n, line) in lines(text).enumerated() {
            let bytes = JSONLinesReader.trimmed(Array(line.utf8))
            if bytes.isEmpty { continue }
            out.append((try jsonLine(bytes, file: file, line: n + 1), n + 1))
        }
        return out
    }

    /// Lines ended by LF or CRLF (files written on Windows): Swift counts
    /// "\r\n" as one character, so splitting on "\n" alone finds none.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// One non-empty, trimmed line of a JSON Lines file as a record.
    static func jsonLine(_ bytes: [UInt8], file: String, line: Int) throws -> DocumentRecord {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch let e {
            throw ImportError(file: file, line: line, field: nil, reason: "malformed JSON at column \(e.column): \(e.reason)")
        }
        return try record(value, file: file, line: line)
    }

    static func record(_ value: JSONValue, file: String, line: Int) throws -> DocumentRecord {
        if let field = fieldWithNUL(value) { throw nulError(file: file, line: line, field: field) }
        do { return try DocumentRecord.from(json: value) } catch let e as ValidationError {
            throw ImportError(file: file, line: line, field: e.field, reason: e.reason)
        }
    }
}
