import SyncCore

extension DocumentKind {
    /// The kind stored in a `kind` column. Anything but `article` or `talk`
    /// means the file was changed outside syncnode: guessing a kind would
    /// show (and sign over) the document as what it is not.
    /// - Parameter what: the row, for the message ("document X", "revision 12").
    /// - Throws: `StoreError.corrupt` naming the row and the stored text.
    init(stored raw: String, of what: String) throws {
        guard let kind = DocumentKind(rawValue: raw) else {
            throw StoreError.corrupt("\(what) has kind '\(raw)', neither article nor talk")
        }
        self = kind
    }
}
