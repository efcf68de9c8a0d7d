import Foundation

/// Finds the executables built with the tests (`syncnode`), so that CLI
/// tests run the real binary. SwiftPM puts products and the test bundle in
/// one directory (`<scratch>/<triple>/debug/`), whatever `--scratch-path`
/// says, so the directory is taken from the running test bundle itself:
/// `/proc/self/exe` on Linux, the loaded `.xctest` bundle on macOS.
/// `SYNCNODE_BUILT_PRODUCTS=DIR` overrides it.
package enum BuiltProducts {
    /// The product is not where the test bundle is.
    package struct NotFound: Error, CustomStringConvertible {
        package let name: String
        package let searched: String

        package var description: String {
            "no executable '\(name)' in \(searched): build it with the tests (`swift build --build-tests`, or `swift test`), or set SYNCNODE_BUILT_PRODUCTS=DIR"
        }
    }

    /// The directory that holds the running test bundle and the built products.
    /// - Throws: `NotFound` when it cannot be told.
    package static func directory() throws -> String {
        if let dir = ProcessInfo.processInfo.environment["SYNCNODE_BUILT_PRODUCTS"], !dir.isEmpty {
            return dir
        }
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return (bundle.bundlePath as NSString).deletingLastPathComponent
        }
        #if os(Linux)
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return (exe as NSString).deletingLastPathComponent
        }
        #endif
        throw NotFound(name: "(test bundle)", searched: "the loaded bundles and /proc/self/exe")
    }

    /// The absolute path of the built executable `name`.
    /// - Throws: `NotFound` when no executable of that name was built.
    package static func executable(_ name: String) throws -> String {
        let dir = try directory()
        let path = dir + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else { throw NotFound(name: name, searched: dir) }
        return path
    }
}
