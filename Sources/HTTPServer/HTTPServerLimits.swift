/// Resource limits and deadlines: what one peer may cost the server.
package struct HTTPServerLimits: Sendable, Hashable {
    /// Largest request body accepted. A larger `Content-Length` gets 413
    /// before any body byte is read; a chunked body that grows past it is cut
    /// off by closing the connection (libmicrohttpd cannot answer mid-body).
    package var maxBodyBytes: Int = 16 << 20
    /// Largest request head (method, target, header fields) handed to the
    /// responder; a larger one that still fits `connectionMemoryBytes` gets
    /// the responder's 431 (JSON, signed by the application).
    package var maxHeadBytes: Int = 24 << 10
    /// Per-connection memory pool for the request head and I/O buffers; a head
    /// that does not fit gets libmicrohttpd's own 431 (HTML, cannot be
    /// changed), so it is kept well above `maxHeadBytes`.
    package var connectionMemoryBytes: Int = 64 << 10
    /// Connections open at once; further ones wait in the listen backlog.
    /// Each costs at most `connectionMemoryBytes` of pool (touched lazily).
    package var maxConnections: Int = 1024
    /// Connections open at once from one IP address (peers behind one NAT
    /// share it). A new connection over the limit closes the address's
    /// oldest connection that has not sent a complete request head yet (a
    /// slowloris holds only such connections), so a legitimate request gets
    /// through at once; it is refused only when every connection of the
    /// address is busy with a request.
    ///
    /// Measured (Tests/HTTPServerTests/HostileClientTests, docs/security.md):
    /// under the limit nothing churns and a legitimate request is served at
    /// its first attempt; over it, an attacker that reconnects each closed
    /// socket at once churns up to ~26 000 connections/s on loopback and can
    /// evict a new TLS connection during its handshake (1 run in 7 lost all
    /// three attempts at limit 32). So the limit is set well above a
    /// plausible flood from one address (200 sockets): a quarter of
    /// `maxConnections`.
    package var maxConnectionsPerIP: Int = 256
    /// Worker threads. Each serves many connections with non-blocking I/O, so
    /// a slow network peer blocks nobody; a slow *responder* blocks its worker.
    package var threadPoolSize: Int = 2
    /// Absolute time allowed from accept (or from the end of the previous
    /// request on a kept-alive connection) to a complete request head,
    /// TLS handshake included. Cuts off clients that trickle bytes.
    package var headerDeadline: Duration = .seconds(10)
    /// Absolute time allowed from a complete request head until the response
    /// is fully sent (body upload, responder, streamed response).
    package var requestDeadline: Duration = .seconds(120)
    /// libmicrohttpd's inactivity timeout (no byte in either direction).
    package var idleTimeout: Duration = .seconds(30)
    /// Repeated refusals and cut-offs from one address are logged once, then
    /// as one summary line per address and kind per interval.
    package var logSummaryInterval: Duration = .seconds(60)

    package init() {}

    /// Nil when every limit is usable, else what is wrong.
    func problem() -> String? {
        if maxBodyBytes < 0 { return "maxBodyBytes must not be negative (got \(maxBodyBytes))" }
        if connectionMemoryBytes < 4096 {
            return "connectionMemoryBytes must be at least 4096 (got \(connectionMemoryBytes))"
        }
        if maxHeadBytes < 1024 || maxHeadBytes >= connectionMemoryBytes {
            return "maxHeadBytes must be at least 1024 and below connectionMemoryBytes (got \(maxHeadBytes))"
        }
        if maxConnections < 1 { return "maxConnections must be at least 1 (got \(maxConnections))" }
        if maxConnectionsPerIP < 1 {
            return "maxConnectionsPerIP must be at least 1 (got \(maxConnectionsPerIP))"
        }
        if !(1...64).contains(threadPoolSize) {
            return "threadPoolSize must be between 1 and 64 (got \(threadPoolSize))"
        }
        if headerDeadline <= .zero { return "headerDeadline must be positive" }
        if requestDeadline <= .zero { return "requestDeadline must be positive" }
        if idleTimeout < .seconds(1) { return "idleTimeout must be at least one second" }
        if logSummaryInterval <= .zero { return "logSummaryInterval must be positive" }
        return nil
    }
}
