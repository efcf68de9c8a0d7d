/// A content field's value. Every field is text except `tags`, which is a set
/// of labels (kept sorted and de-duplicated so that equal sets compare equal).
package enum FieldValue: Sendable, Hashable {
    case text(String)
    case list([String])

    package var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    package var list: [String]? {
        if case .list(let l) = self { return l }
        return nil
    }
}
