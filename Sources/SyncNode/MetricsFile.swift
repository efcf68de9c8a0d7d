import FoundationEssentials
import Glibc
import SyncStore

/// `--metrics-file PATH` of `pull`, `push` and `sync`: a timer or cron run
/// has no `/metrics` to scrape, so it leaves its figures for node_exporter's
/// textfile collector (Prometheus text format), replaced atomically so the
/// collector never reads half a file.
package enum MetricsFile {
    /// A `Metrics` for one run: the runner adds its counters to it.
    package static func forRun() -> Metrics {
        let metrics = Metrics(serving: false)
        metrics.declare("syncnode_last_run_timestamp_seconds", "gauge", "When the last pull/push/sync run ended (Unix time), by kind.")
        metrics.declare("syncnode_peer_last_run_ok", "gauge", "1 if the peer synced in the last run, 0 if it failed or was skipped by back-off.")
        metrics.declare("syncnode_peer_last_run_skipped", "gauge", "1 if the last run skipped the peer because it is backing off.")
        return metrics
    }

    /// Adds the run's outcome and every trusted peer's state, then writes `path`.
    package static func write(_ reports: [PeerRunReport], kind: String, metrics: Metrics, home: NodeHome,
                             identity: NodeIdentity, to path: String) throws {
        metrics.set("syncnode_last_run_timestamp_seconds", ["kind": kind], Double(WallClock.nowMillis() / 1000))
        for r in reports {
            metrics.set("syncnode_peer_last_run_ok", ["peer": r.peer], r.ok ? 1 : 0)
            metrics.set("syncnode_peer_last_run_skipped", ["peer": r.peer], r.status == "skipped" ? 1 : 0)
        }
        let trust = try TrustStore(directory: home.peersPath, selfIdentity: identity)
        let store = try Store.open(at: home.storePath, readOnly: true)
        PeerStateMetrics.record(try trust.peers.keys.sorted().map { try store.peerState($0) }, into: metrics)
        metrics.set("syncnode_rejected_revisions", [:], Double(try store.rejectedCount()))
        try replace(path, with: metrics.render())
    }

    /// Writes a temporary file beside `path`, then renames it over `path`.
    static func replace(_ path: String, with text: String) throws {
        let file = try ReplacingFile(path: path, what: "the metrics file", advice: "check that the directory exists and that this user may write there (node_exporter's textfile directory, e.g. /var/lib/node_exporter/textfile_collector)")
        try file.write(text)
        try file.commit()
    }
}
