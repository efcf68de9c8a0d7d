import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode status` and `syncnode runs`: what an operator looks at.
enum StatusCommand {
    static let spec = CommandSpec(
        name: "status", abstract: "Show this node, each peer's sync state (last success, last error, lag, next attempt), conflicts and store size.",
        options: [.flag("json", "Print as JSON.")],
        examples: [
            CommandExample("syncnode status",
                           "This node and each peer's last success, lag and current error."),
            CommandExample("syncnode status --json",
                           "The same as JSON, for monitoring scripts."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            let trust = try TrustStore(directory: node.home.peersPath, selfIdentity: node.identity)
            let stats = try node.stats()
            let peers = try trust.select([]).map { try node.peerState($0.name) }
            if args.flag("json") {
                ctx.output.printJSON(.object([
                    "node": .string(node.identity.name), "key_id": .string(node.identity.keyID),
                    "actor": .string(try node.actor), "head_seq": .double(Double(stats.headSeq)),
                    "documents": .double(Double(stats.articles + stats.talks)), "conflicts": .double(Double(stats.conflicts)),
                    "store_bytes": .double(Double(stats.fileBytes)),
                    "rejected": .double(Double(try node.rejectedCount())),
                    "restoring": .bool(try node.isRestoring),
                    "peers": .array(peers.map(json)),
                ]))
                return .success
            }
            ctx.output.print("node \(node.identity.name) (key \(node.identity.keyID), writing as \(try node.actor))")
            ctx.output.print("documents \(stats.articles + stats.talks), revisions \(stats.revisions), conflicts \(stats.conflicts), store \(stats.fileBytes / 1024) KiB")
            let rejected = try node.rejectedCount()
            if rejected > 0 { ctx.output.print("rejected revisions \(rejected): `syncnode rejected` lists them and why") }
            if try node.isRestoring {
                ctx.output.print("restored from a backup: pulling this node's own revisions back until every peer has been read once")
            }
            if peers.isEmpty { ctx.output.print("no peers"); return .success }
            var t = Table(headers: ["PEER", "LAST SUCCESS", "LAG", "FAILURES", "NEXT ATTEMPT", "STATE"])
            for p in peers {
                t.add([p.peer, time(p.lastSuccess), String(p.lag), String(p.failures), time(p.nextAttempt),
                       currentError(p) == nil ? (p.lastSuccess == nil ? "not synced yet" : "ok") : "failing (below)"])
            }
            ctx.output.print(t.render())
            // Whole reasons, one per line: they name the fix, so cutting them would hide it.
            for p in peers {
                if let error = currentError(p) { ctx.output.print("\(p.peer): since \(time(p.lastErrorAt)): \(error.replacingNewlines())") }
            }
            return .success
        })

    /// The error of the peer's last run, nil when that run succeeded (an
    /// error from before a success is history, not the current state).
    static func currentError(_ p: PeerSyncState) -> String? {
        guard let error = p.lastError, let at = p.lastErrorAt else { return nil }
        return at > (p.lastSuccess ?? 0) ? error : nil
    }

    static func json(_ p: PeerSyncState) -> JSONValue {
        func t(_ v: UInt64?) -> JSONValue { v.map { .string(time($0)) } ?? .null }
        return .object([
            "peer": .string(p.peer), "last_success": t(p.lastSuccess), "last_error": p.lastError.map { .string($0) } ?? .null,
            "current_error": currentError(p).map { .string($0) } ?? .null,
            "last_error_at": t(p.lastErrorAt), "failures": .double(Double(p.failures)), "next_attempt": t(p.nextAttempt),
            "lag": .double(Double(p.lag)), "pulled_seq": .double(Double(p.pulledSeq)), "pushed_seq": .double(Double(p.pushedSeq)),
        ])
    }

    static func time(_ millis: UInt64?) -> String {
        millis.map(WallClock.iso8601) ?? "never"
    }
}
