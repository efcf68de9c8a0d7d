import SyncCore
import SyncStore

/// What import matching keeps of one record between its two reads of the
/// files (in the store's work tables, `ImportMatcher`): enough to decide
/// (id, kind, content digest, `source_url`) and to name it in an error,
/// but not its text.
struct ImportEntry {
    var id: String?
    var kind: DocumentKind
    /// `ImportMatcher.digest` of the record's content.
    var digest: [UInt8]
    var sourceURL: String
    var file: String
    var line: Int

    init(_ record: DocumentRecord, file: String, line: Int) {
        id = record.id
        kind = record.kind
        digest = ImportMatcher.digest(Store.contentJSON(of: record.content))
        sourceURL = record.content.text("source_url")
        self.file = file
        self.line = line
    }
}
