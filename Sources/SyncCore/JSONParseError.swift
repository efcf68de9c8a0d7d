/// Malformed JSON: where (byte offset, 1-based line and column) and why.
package struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    package var offset: Int
    package var line: Int
    package var column: Int
    package var reason: String

    package init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    package var description: String { "line \(line), column \(column): \(reason)" }
}
