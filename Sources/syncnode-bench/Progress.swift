import Foundation

/// Progress lines on stderr, so that stdout holds only the table or JSON.
enum Progress {
    static func say(_ text: String) {
        FileHandle.standardError.write(Data(("syncnode-bench: " + text + "\n").utf8))
    }
}
