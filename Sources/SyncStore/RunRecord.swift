/// One recorded federation run (`syncnode runs`).
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var startedAt: UInt64
    public var finishedAt: UInt64?
    /// `running`, `ok`, `partial` or `failed`.
    public var outcome: String
    /// The per-peer report as JSON text.
    public var report: String
}
