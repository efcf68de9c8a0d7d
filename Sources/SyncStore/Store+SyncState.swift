import SQLite
import SyncCore

/// Per-peer checkpoints, push acknowledgements, back-off and run records.
extension Store {
    public func peerState(_ peer: String) throws -> PeerSyncState {
        guard let r = try db.firstRow("""
            SELECT pulled_seq, pushed_seq, last_success, last_error, last_error_at, failures, next_attempt, peer_head_seq
            FROM peer_state WHERE peer = ?
            """, peer) else { return PeerSyncState(peer: peer) }
        var s = PeerSyncState(peer: peer)
        s.pulledSeq = r.int(0)
        s.pushedSeq = r.int(1)
        s.lastSuccess = r.optionalString(2).flatMap { UInt64($0) }
        s.lastError = r.optionalString(3)
        s.lastErrorAt = r.optionalString(4).flatMap { UInt64($0) }
        s.failures = Int(r.int(5))
        s.nextAttempt = r.optionalString(6).flatMap { UInt64($0) }
        s.peerHeadSeq = r.int(7)
        return s
    }

    public func allPeerStates() throws -> [PeerSyncState] {
        try db.rows("SELECT peer FROM peer_state ORDER BY peer").map { try peerState($0.string(0)) }
    }

    /// Saves the whole state row (call inside `write` together with the
    /// revisions it accounts for, so checkpoint and data commit as one).
    public func savePeerState(_ s: PeerSyncState) throws {
        try db.run("""
            INSERT INTO peer_state (peer, pulled_seq, pushed_seq, last_success, last_error, last_error_at, failures,
                                    next_attempt, peer_head_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (peer) DO UPDATE SET pulled_seq = excluded.pulled_seq, pushed_seq = excluded.pushed_seq,
                last_success = excluded.last_success, last_error = excluded.last_error,
                last_error_at = excluded.last_error_at, failures = excluded.failures,
                next_attempt = excluded.next_attempt, peer_head_seq = excluded.peer_head_seq
            """, s.peer, s.pulledSeq, s.pushedSeq, s.lastSuccess.map { Int64(clamping: $0) }, s.lastError,
            s.lastErrorAt.map { Int64(clamping: $0) }, s.failures, s.nextAttempt.map { Int64(clamping: $0) }, s.peerHeadSeq)
    }

    /// Raises the peer's push mark (never lowers it), touching nothing else
    /// of its row, so that a pull and the server's own bookkeeping for the
    /// same peer cannot overwrite each other.
    public func advancePushedSeq(peer: String, to seq: Int64) throws {
        try write {
            try db.run("INSERT INTO peer_state (peer, pushed_seq) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET pushed_seq = MAX(pushed_seq, excluded.pushed_seq)",
                       peer, seq)
        }
    }

    /// Saves the pull checkpoint and the peer's last known head (call in the
    /// transaction that applied the page).
    public func savePullCheckpoint(peer: String, pulledSeq: Int64, peerHeadSeq: Int64) throws {
        try db.run("INSERT INTO peer_state (peer, pulled_seq, peer_head_seq) VALUES (?, ?, ?) ON CONFLICT (peer) DO UPDATE SET pulled_seq = excluded.pulled_seq, peer_head_seq = MAX(peer_head_seq, excluded.peer_head_seq)",
                   peer, pulledSeq, peerHeadSeq)
    }

    /// Records the outcome of a run with `peer`: success clears the failures;
    /// a failure counts one more and sets when to try next.
    public func recordOutcome(peer: String, error: String?, at now: UInt64, nextAttempt: (Int) -> UInt64) throws -> PeerSyncState {
        try write {
            var state = try peerState(peer)
            if let error {
                state.failures += 1
                state.lastError = error
                state.lastErrorAt = now
                state.nextAttempt = nextAttempt(state.failures)
            } else {
                state.failures = 0
                state.lastSuccess = now
                state.nextAttempt = nil
            }
            try db.run("""
                INSERT INTO peer_state (peer, last_success, last_error, last_error_at, failures, next_attempt)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (peer) DO UPDATE SET last_success = excluded.last_success, last_error = excluded.last_error,
                    last_error_at = excluded.last_error_at, failures = excluded.failures, next_attempt = excluded.next_attempt
                """, peer, state.lastSuccess.map { Int64(clamping: $0) }, state.lastError,
                state.lastErrorAt.map { Int64(clamping: $0) }, state.failures, state.nextAttempt.map { Int64(clamping: $0) })
            return state
        }
    }

    /// Changes after `seq` up to `limit` rows scanned, skipping those authored
    /// by or received from `exclude`. Returns the entries and the last seq scanned
    /// (the next cursor), so that a page never skips or repeats a change.
    public func changesPage(after seq: Int64, limit: Int, exclude: String?) throws -> (entries: [RevisionRecord], lastScanned: Int64) {
        guard let exclude else {
            let rows = try changes(after: seq, limit: limit)
            return (rows, rows.last?.seq ?? seq)
        }
        // The window of `limit` log rows after `seq`, then only the rows of it
        // the requester lacks (filtered in SQL: rows are decoded only if sent).
        let last = try db.firstRow("SELECT MAX(seq) FROM (SELECT seq FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?)",
                                   seq, limit)?.optionalString(0).flatMap { Int64($0) } ?? seq
        let rows = try db.cachedStatement("""
            SELECT \(Store.revisionColumns) FROM revisions
            WHERE seq > ? AND seq <= ? AND (origin IS NULL OR origin != ?) AND author != ? AND author NOT LIKE ?
            ORDER BY seq
            """).rows([seq, last, exclude, exclude, exclude + "~%"]).map { try record(from: $0) }
        return (rows, last)
    }

    // MARK: idempotent pushes

    /// The stored answer to a change-set applied before, if any.
    public func changesetResponse(_ id: String) throws -> String? {
        try db.firstRow("SELECT response FROM applied_changesets WHERE changeset_id = ?", id)?.string(0)
    }

    public func recordChangeset(_ id: String, origin: String, response: String, now: UInt64) throws {
        try db.run("INSERT OR REPLACE INTO applied_changesets (changeset_id, origin, received_at, response) VALUES (?, ?, ?, ?)",
                   id, origin, Int64(clamping: now), response)
    }

    // MARK: runs

    public func beginRun(kind: String, now: UInt64) throws -> Int64 {
        try write {
            try db.run("INSERT INTO runs (kind, started_at) VALUES (?, ?)", kind, Int64(clamping: now))
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, outcome: String, report: String, now: UInt64) throws {
        try write {
            try db.run("UPDATE runs SET finished_at = ?, outcome = ?, report = ? WHERE run_id = ?",
                       Int64(clamping: now), outcome, report, id)
        }
    }

    public func runs(limit: Int) throws -> [RunRecord] {
        try db.rows("SELECT run_id, kind, started_at, finished_at, outcome, report FROM runs ORDER BY run_id DESC LIMIT ?", limit).map {
            RunRecord(id: $0.int(0), kind: $0.string(1), startedAt: UInt64($0.int(2)),
                      finishedAt: $0.optionalString(3).flatMap { UInt64($0) }, outcome: $0.string(4), report: $0.string(5))
        }
    }
}
