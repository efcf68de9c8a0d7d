import SyncStore

/// Per-peer gauges from the store's peer state: whichever process synced
/// (`serve --sync-every` or a timer's `sync`), `/metrics` and a
/// `--metrics-file` show each peer's last success and failure streak.
enum PeerStateMetrics {
    static func record(_ states: [PeerSyncState], into metrics: Metrics) {
        for state in states {
            let labels = ["peer": state.peer]
            if let success = state.lastSuccess {
                metrics.set("syncnode_peer_last_success_timestamp_seconds", labels, Double(success / 1000))
            }
            metrics.set("syncnode_peer_consecutive_failures", labels, Double(state.failures))
            metrics.set("syncnode_peer_lag_revisions", labels, Double(state.lag))
        }
    }
}
