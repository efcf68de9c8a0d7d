import FoundationEssentials
import Synchronization

/// Process-wide counters for `GET /metrics`, in the Prometheus text
/// exposition format (version 0.0.4). Shared by the server threads and the
/// scheduled sync, hence the lock.
package final class Metrics: Sendable {
    struct Family {
        var help: String
        var type: String
        var samples: [String: Double] = [:]
    }

    private let families = Mutex<[String: Family]>([:])

    /// - Parameter serving: false for a `--metrics-file` of a timer run,
    ///   where `syncnode_up` (the server's liveness) has no meaning.
    package init(serving: Bool = true) {
        declare("syncnode_revisions_applied_total", "counter", "Revisions newly applied to the store, by peer.")
        declare("syncnode_revisions_rejected_total", "counter", "Revisions refused, by reason.")
        declare("syncnode_sync_duration_seconds", "summary", "Time taken by pull and push with each peer.")
        declare("syncnode_peer_errors_total", "counter", "Failed pulls and pushes, by peer.")
        declare("syncnode_http_requests_total", "counter", "Requests served, by status code.")
        declare("syncnode_up", "gauge", "1 while the node serves.")
        declare("syncnode_rejected_revisions", "gauge", "Received revisions on record as refused (`syncnode rejected`).")
        declare("syncnode_peer_last_success_timestamp_seconds", "gauge", "When the last sync with the peer succeeded (Unix time), by peer.")
        declare("syncnode_peer_consecutive_failures", "gauge", "Failed runs with the peer since its last success (drives back-off), by peer.")
        declare("syncnode_peer_lag_revisions", "gauge", "Revisions the peer had that this node had not pulled yet, at the last contact.")
        declare("syncnode_requests_refused_total", "counter", "Requests refused as unauthenticated (401) or forbidden (403), by status.")
        if serving { set("syncnode_up", [:], 1) }
    }

    package func declare(_ name: String, _ type: String, _ help: String) {
        families.withLock { $0[name] = $0[name] ?? Family(help: help, type: type) }
    }

    package func increment(_ name: String, _ labels: [String: String] = [:], by value: Double = 1) {
        let key = Metrics.labelText(labels)
        families.withLock { f in f[name]?.samples[key, default: 0] += value }
    }

    package func set(_ name: String, _ labels: [String: String], _ value: Double) {
        let key = Metrics.labelText(labels)
        families.withLock { f in f[name]?.samples[key] = value }
    }

    /// Records one observation of a summary (as `_sum` and `_count`).
    package func observe(_ name: String, _ labels: [String: String], _ value: Double) {
        let key = Metrics.labelText(labels)
        families.withLock { f in
            f[name]?.samples["_sum" + key, default: 0] += value
            f[name]?.samples["_count" + key, default: 0] += 1
        }
    }

    /// The exposition text.
    package func render() -> String {
        families.withLock { families in
            var out = ""
            for name in families.keys.sorted() {
                let f = families[name]!
                out += "# HELP \(name) \(f.help)\n# TYPE \(name) \(f.type)\n"
                for key in f.samples.keys.sorted() {
                    let value = f.samples[key]!
                    if key.hasPrefix("_sum") || key.hasPrefix("_count") {
                        let suffix = key.hasPrefix("_sum") ? "_sum" : "_count"
                        out += "\(name)\(suffix)\(key.dropFirst(suffix.count)) \(Metrics.number(value))\n"
                    } else {
                        out += "\(name)\(key) \(Metrics.number(value))\n"
                    }
                }
            }
            return out
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    static func labelText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let parts = labels.keys.sorted().map { k in
            let v = labels[k]!.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                .replacing("\n", with: "\\n")
            return "\(k)=\"\(v)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
