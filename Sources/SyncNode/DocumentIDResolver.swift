import SyncStore

/// Turns what a person typed for a document id into the id: the whole id,
/// or an unambiguous prefix of it or of its random part (`show 9yk88`).
package enum DocumentIDResolver {
    /// Prefixes shorter than this are too likely to be typos.
    package static let minimumPrefix = 4

    /// - Throws: `NodeError(.notFound)` when nothing matches, `.data` when
    ///   several do (listing them, so the person can pick one).
    package static func resolve(_ text: String, in store: Store) throws -> String {
        if try store.document(text, now: 0) != nil { return text }
        guard text.count >= minimumPrefix else {
            throw NodeError(.notFound, "no document with id '\(text)': `syncnode list` shows the ids (an id may be shortened to \(minimumPrefix) or more of its first characters)")
        }
        let matches = try store.documentIDs(abbreviatedBy: text, limit: 11)
        switch matches.count {
        case 0:
            throw NodeError(.notFound, "no document with id '\(text)', nor one that starts with it: `syncnode list` shows the ids, `syncnode search` finds them")
        case 1:
            return matches[0]
        default:
            let shown = matches.prefix(10).joined(separator: ", ")
            throw NodeError(.data, "'\(text)' is ambiguous: it starts \(matches.count > 10 ? "more than 10" : String(matches.count)) ids (\(shown)); type more of the id")
        }
    }
}
