/// One recorded federation run (`syncnode runs`).
package struct RunRecord: Sendable, Equatable {
    package var id: Int64
    package var kind: String
    package var startedAt: UInt64
    package var finishedAt: UInt64?
    /// `running`, `ok`, `partial`, `failed` or `interrupted` (its process
    /// ended without finishing it: killed or crashed).
    package var outcome: String
    /// The per-peer reports as a JSON array (text).
    package var report: String
    /// Why the run failed, was partial or was interrupted; nil when ok.
    package var reason: String?
    /// The process that ran it; nil for runs recorded before runs kept their pid.
    package var process: RunProcess?

    package init(id: Int64, kind: String, startedAt: UInt64, finishedAt: UInt64?, outcome: String, report: String,
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
