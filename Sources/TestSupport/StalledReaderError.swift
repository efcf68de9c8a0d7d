/// Why a `StalledReader` could not send its request.
package struct StalledReaderError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
