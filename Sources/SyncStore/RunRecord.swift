/// One recorded federation run (`syncnode runs`).
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var startedAt: UInt64
    public var finishedAt: UInt64?
    /// `running`, `ok`, `partial`, `failed` or `interrupted` (its process
    /// ended without finishing it: killed or crashed).
    public var outcome: String
    /// The per-peer reports as a JSON array (text).
    public var report: String
    /// Why the run failed, was partial or was interrupted; nil when ok.
    public var reason: String?
    /// The process that ran it; nil for runs recorded before runs kept their pid.
    public var process: RunProcess?

    public init(id: Int64, kind: String, startedAt: UInt64, finishedAt: UInt64?, outcome: String, report: String,
                reason: String? = nil, process: RunProcess? = nil) {
        self.id = id
        self.kind = kind
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.report = report
        self.reason = reason
        self.process = process
    }
}
