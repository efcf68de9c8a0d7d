import FoundationEssentials
import SyncCore
import SyncStore

/// The recorded runs as they really are. A run is recorded `running` when it
/// starts and gets its outcome when it ends; a process killed (SIGKILL, the
/// OOM killer, a power cut) or crashed in between never writes it. Such a
/// run is shown as `interrupted` with the reason, and is marked so in the
/// store when the next run starts (a read-only `runs` writes nothing).
package enum RunHistory {
    /// The last `limit` runs, newest first; a `running` run whose process
    /// is gone is shown as `interrupted`. Writes nothing.
    package static func runs(_ store: Store, limit: Int, home: NodeHome) throws -> [RunRecord] {
        try store.runs(limit: limit).map { record in
            guard record.outcome == "running", let reason = deadReason(record, home: home, lockHeld: false) else { return record }
            var shown = record
            shown.outcome = "interrupted"
            shown.reason = reason
            return shown
        }
    }

    /// Marks every `running` run whose process is gone as `interrupted`.
    /// Call holding the run lock, before beginning a run: then no other run
    /// of this home is live, and a `running` row of this very process is a
    /// run that could not record its end.
    @discardableResult
    package static func repair(_ store: Store, home: NodeHome) throws -> [Int64] {
        var repaired: [Int64] = []
        for record in try store.unfinishedRuns() {
            if let reason = deadReason(record, home: home, lockHeld: true), try store.interruptRun(record.id, reason: reason) {
                repaired.append(record.id)
            }
        }
        return repaired
    }

    /// Why `record` (recorded `running`) cannot still be running, or nil
    /// when it may be.
    static func deadReason(_ record: RunRecord, home: NodeHome, lockHeld: Bool) -> String? {
        guard let process = record.process else {
            // Recorded before runs kept their pid: the lock tells. Its file
            // names the last holder; the holder, if alive, may be the run.
            if lockHeld || !lockHolderRuns(home) {
                return "its process ended without finishing the run (killed or crashed); it was recorded before runs kept their pid"
            }
            return nil
        }
        if process == RunProcess.current {
            return lockHeld ? "this process (pid \(process.pid)) could not record how the run ended (the store refused the write)" : nil
        }
        if process.isRunning { return nil }
        return "the process (pid \(process.pid)) ended without finishing the run: killed or crashed"
    }

    /// True when `<home>/sync.lock` names a process that still runs.
    static func lockHolderRuns(_ home: NodeHome) -> Bool {
        guard let text = try? String(contentsOfFile: home.lockPath, encoding: .utf8),
              let pid = Int32(RunLock.holder(in: text)) else { return false }
        return RunProcess(pid: pid, startTicks: nil).isRunning
    }
}
