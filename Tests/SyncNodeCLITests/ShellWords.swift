/// Splits a command line as a POSIX shell would for the quoting help
/// examples use: single quotes, double quotes (with backslash escapes) and
/// backslashes; no expansion. So that a test can hand an example to the parser.
enum ShellWords {
    struct Unterminated: Error {}

    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in line {
            if escaped { word.append(c); escaped = false; continue }
            switch (quote, c) {
            case ("'", "'"), ("\"", "\""): quote = nil
            case ("'", _): word.append(c)
            case ("\"", "\\"), (nil, "\\"): escaped = true; inWord = true
            case ("\"", _): word.append(c)
            case (_, "'"), (_, "\""): quote = c; inWord = true
            case (_, " "), (_, "\t"):
                if inWord { words.append(word); word = ""; inWord = false }
            default: word.append(c); inWord = true
            }
        }
        guard quote == nil, !escaped else { throw Unterminated() }
        if inWord { words.append(word) }
        return words
    }
}
