import Foundation

/// A fresh, private directory for one test, removed with everything in it
/// when the last reference goes away (or on `remove()`).
///
///     let tmp = try TemporaryDirectory()
///     let home = tmp.path("home")          // <tmp>/home, not created
///     try tmp.write("a.json", "[]")        // <tmp>/a.json
package final class TemporaryDirectory: Sendable {
    /// Absolute path of the directory (created, mode 0700).
    package let path: String

    /// Creates a directory under the system temporary directory.
    /// - Parameter prefix: the start of the directory's name, to recognise it.
    /// - Throws: `CocoaError` when `mkdtemp` fails.
    package init(prefix: String = "syncnode-test") throws {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((base + prefix + "-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base + prefix, "errno": errno])
        }
        path = String(cString: made)
    }

    deinit { remove() }

    /// The path of `name` inside the directory (nothing is created).
    package func path(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` inside the directory (creating parent
    /// directories) and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        let file = path(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Copies the file or directory at `source` to `name` inside the
    /// directory and returns the new path.
    @discardableResult
    package func copy(_ source: String, to name: String) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }

    /// Deletes the directory now. Safe to call more than once.
    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
