/// A `ThrowawayCA` step failed: the message names the `openssl` command and its output.
package struct ThrowawayCAError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}
