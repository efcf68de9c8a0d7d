/// Refuses an import that names one id twice, naming both places.
struct DuplicateIDCheck {
    private var firstSeen: [String: (file: String, line: Int)] = [:]

    mutating func check(_ id: String?, file: String, line: Int) throws {
        guard let id else { return }
        if let first = firstSeen[id] {
            throw ImportError(file: file, line: line, field: "id", reason: "id \(id) appears twice (first at \(first.file):\(first.line))")
        }
        firstSeen[id] = (file, line)
    }
}
