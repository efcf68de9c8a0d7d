import SyncStore

/// Refuses an import that names one id twice, naming both places. The ids
/// seen are kept in the store's import work tables (`Store.noteImportID`),
/// not in memory: an import of a million records with ids (a restored
/// export) stays in bounded memory.
struct DuplicateIDCheck {
    let store: Store

    func check(_ id: String?, file: String, line: Int) throws {
        guard let id else { return }
        if let first = try store.noteImportID(id, file: file, line: line) {
            throw ImportError(file: file, line: line, field: "id", reason: "id \(id) appears twice (first at \(first.file):\(first.line))")
        }
    }
}
