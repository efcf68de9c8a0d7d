/// Why the server could not be configured or started, with what to do next.
package struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// An extensible error category, stable for callers to match on.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// A setting is out of range or inconsistent (see the message).
        package static let invalidConfiguration = Code("invalid configuration")
        /// Plain HTTP was asked for without the explicit flag, or on a non-loopback address.
        package static let plainHTTPRefused = Code("plain HTTP refused")
        /// A certificate, key or CA file could not be read.
        package static let unreadableFile = Code("unreadable file")
        /// libmicrohttpd refused to start (port in use, bad certificate or key, ...).
        package static let startFailed = Code("start failed")
        /// `start()` was called on a running server.
        package static let alreadyRunning = Code("already running")
    }

    package let code: Code
    /// The full human-readable explanation.
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
