/// A `TestCA` step failed: the message names the `openssl` command and its output.
public struct TestCAError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
