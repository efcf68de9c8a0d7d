/// What a `TLSRawClient` saw: handshake outcome, bytes received, who closed.
package struct TLSRawExchange: Sendable, CustomStringConvertible {
    /// Nil when TCP connect and TLS handshake succeeded, else the error text.
    package let handshakeError: String?
    /// Everything the server sent.
    package let received: [UInt8]
    /// The server closed or reset the connection (rather than the client
    /// giving up after its read timeout or maximum duration).
    package let closedByServer: Bool
    /// Request bytes actually written before the end.
    package let bytesSent: Int
    /// The client's own error while sending or reading, if any.
    package let transportError: String?

    package init(handshakeError: String?, received: [UInt8], closedByServer: Bool, bytesSent: Int,
                transportError: String?) {
        self.handshakeError = handshakeError
        self.received = received
        self.closedByServer = closedByServer
        self.bytesSent = bytesSent
        self.transportError = transportError
    }

    /// The received bytes as text.
    package var text: String { String(decoding: received, as: UTF8.self) }

    /// The status codes of every response line (`HTTP/1.1 400 ...` -> 400), in order.
    package var statusCodes: [Int] {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).compactMap { line in
            guard line.hasPrefix("HTTP/1.") else { return nil }
            let parts = line.split(separator: " ")
            return parts.count >= 2 ? Int(parts[1]) : nil
        }
    }

    package var description: String {
        "handshake: \(handshakeError ?? "ok"), sent \(bytesSent) bytes, closed by server: \(closedByServer), "
            + "transport error: \(transportError ?? "none"), received: \(text.prefix(300).debugDescription)"
    }
}
