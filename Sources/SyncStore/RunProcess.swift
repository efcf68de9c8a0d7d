/// The process that records a run: its pid and, where the system tells
/// (Linux `/proc`), when that process started, so that a pid reused by a
/// later process is not taken for the run's. Kept in the run's `report`
/// JSON (`pid`, `process_start`), so telling a dead run from a live one
/// needs no schema change.
package struct RunProcess: Sendable, Equatable {
    package var pid: Int32
    /// The process's start time in clock ticks after boot, when known.
    package var startTicks: UInt64?

    package init(pid: Int32, startTicks: UInt64?) {
        self.pid = pid
        self.startTicks = startTicks
    }
}
