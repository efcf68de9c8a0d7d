import SQLite
import SyncCore

/// Per-peer checkpoints, push acknowledgements, back-off and run records.
extension Store {
    package func peerState(_ peer: String) throws -> PeerSyncState {
        guard let r = try db.firstRow("""
            SELECT pulled_seq, pushed_seq, last_success, last_error, last_error_at, failures, next_attempt, peer_head_seq
            FROM peer_state WHERE peer = ?
            """, peer) else { return PeerSyncState(peer: peer) }
        var s = PeerSyncState(peer: peer)
        s.pulledSeq = try r.int(0)
        s.pushedSeq = try r.int(1)
        s.lastSuccess = try r.optionalInt(2).map { UInt64(clamping: $0) }
        s.lastError = try r.optionalString(3)
        s.lastErrorAt = try r.optionalInt(4).map { UInt64(clamping: $0) }
        s.failures = Int(try r.int(5))
        s.nextAttempt = try r.optionalInt(6).map { UInt64(clamping: $0) }
        s.peerHeadSeq = try r.int(7)
        return s
    }

    package func allPeerStates() throws -> [PeerSyncState] {
        try db.rows("SELECT peer FROM peer_state ORDER BY peer").map { try peerState(try $0.string(0)) }
    }

    /// Saves the whole state row, in the write of the revisions it accounts
    /// for, so that checkpoint and data commit as one.
    package func savePeerState(_ s: PeerSyncState, in _: WriteScope) throws {
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
    package func advancePushedSeq(peer: String, to seq: Int64) throws {
        try write { _ in
            try db.run("INSERT INTO peer_state (peer, pushed_seq) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET pushed_seq = MAX(pushed_seq, excluded.pushed_seq)",
                       peer, seq)
        }
    }

    /// Saves the pull checkpoint and the peer's last known head, in the
    /// write that applied the page.
    package func savePullCheckpoint(peer: String, pulledSeq: Int64, peerHeadSeq: Int64, in _: WriteScope) throws {
        try db.run("INSERT INTO peer_state (peer, pulled_seq, peer_head_seq) VALUES (?, ?, ?) ON CONFLICT (peer) DO UPDATE SET pulled_seq = excluded.pulled_seq, peer_head_seq = MAX(peer_head_seq, excluded.peer_head_seq)",
                   peer, pulledSeq, peerHeadSeq)
    }

    /// Records the outcome of a run with `peer`: success clears the failures;
    /// a failure counts one more and sets when to try next. A failure that
    /// was this node's own (`againstPeer: false`, e.g. its disk is full) is
    /// recorded as the last error but neither counts nor delays the next try:
    /// the peer did nothing wrong.
    package func recordOutcome(peer: String, error: String?, againstPeer: Bool = true, at now: UInt64,
                              nextAttempt: (Int) -> UInt64) throws -> PeerSyncState {
        try write { _ in
            var state = try peerState(peer)
            if let error {
                state.lastError = error
                state.lastErrorAt = now
                if againstPeer {
                    state.failures += 1
                    state.nextAttempt = nextAttempt(state.failures)
                }
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
    package func changesPage(after seq: Int64, limit: Int, exclude: String?) throws -> (entries: [RevisionRecord], lastScanned: Int64) {
        try changesWindow(after: seq, limit: limit, exclude: exclude) { try record(from: $0) }
    }

    /// `changesPage` with each content as stored, unparsed.
    package func storedChangesPage(after seq: Int64, limit: Int, exclude: String?) throws -> (entries: [StoredRevision], lastScanned: Int64) {
        try changesWindow(after: seq, limit: limit, exclude: exclude) { row in
            try StoredRevision(seq: row.int(0), documentID: row.string(1), kind: row.string(2),
                               dot: Dot(actor: row.string(3), counter: UInt64(row.int(4))),
                               context: try ClockText.decodeVector(row.string(5)), author: row.string(6),
                               timestamp: HybridTimestamp(millis: UInt64(row.int(7)), logical: UInt32(clamping: row.int(8))),
                               tombstone: row.bool(9), contentJSON: row.string(10), signature: row.blob(11))
        }
    }

    private func changesWindow<T>(after seq: Int64, limit: Int, exclude: String?,
                                  _ entry: (Row) throws -> T) throws -> (entries: [T], lastScanned: Int64) {
        guard let exclude else {
            var last = seq
            let rows = try db.cachedStatement("SELECT \(Store.revisionColumns) FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?")
                .rows([seq, limit]).map { row in last = try row.int(0); return try entry(row) }
            return (rows, last)
        }
        // The window of `limit` log rows after `seq`, then only the rows of it
        // the requester lacks (filtered in SQL: rows are decoded only if sent).
        let last = try db.firstRow("SELECT MAX(seq) FROM (SELECT seq FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?)",
                                   seq, limit)?.optionalInt(0) ?? seq
        let rows = try db.cachedStatement("""
            SELECT \(Store.revisionColumns) FROM revisions
            WHERE seq > ? AND seq <= ? AND (origin IS NULL OR origin != ?) AND author != ? AND author NOT LIKE ?
            ORDER BY seq
            """).rows([seq, last, exclude, exclude, exclude + "~%"]).map { try entry($0) }
        return (rows, last)
    }

    // MARK: idempotent pushes

    /// The stored answer to a change-set applied before, if any.
    package func changesetResponse(_ id: String) throws -> String? {
        try db.firstRow("SELECT response FROM applied_changesets WHERE changeset_id = ?", id)?.string(0)
    }

    /// Records the answer to a pushed change-set, in the write that applied
    /// it, so that a retried push is answered the same.
    package func recordChangeset(_ id: String, origin: String, response: String, now: UInt64, in _: WriteScope) throws {
        try db.run("INSERT OR REPLACE INTO applied_changesets (changeset_id, origin, received_at, response) VALUES (?, ?, ?, ?)",
                   id, origin, Int64(clamping: now), response)
    }

    // MARK: runs

    /// Records a run as `running`, with the process that runs it so that a
    /// later reader can tell whether it still runs (`RunRecord.process`).
    package func beginRun(kind: String, process: RunProcess?, now: UInt64) throws -> Int64 {
        var report: [String: JSONValue] = ["peers": .array([])]
        if let process {
            report["pid"] = .int(Int(process.pid))
            report["process_start"] = process.startTicks.map { .uint($0) } ?? .null
        }
        return try write { _ in
            try db.run("INSERT INTO runs (kind, started_at, report) VALUES (?, ?, ?)", kind, Int64(clamping: now),
                       JSONValue.object(report).text)
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended: its outcome, why (nil when ok) and the
    /// per-peer reports (a JSON array), keeping the recorded process.
    package func finishRun(_ id: Int64, outcome: String, reason: String?, peers: String, now: UInt64) throws {
        try write { _ in
            try db.run("UPDATE runs SET finished_at = ?, outcome = ?, report = ? WHERE run_id = ?",
                       Int64(clamping: now), outcome, try runReport(id, reason: reason, peers: peers), id)
        }
    }

    /// Marks a run whose process ended without finishing it as
    /// `interrupted`, with the reason. Only a row still `running` changes,
    /// so a run that finished meanwhile keeps its outcome. `finished_at`
    /// stays empty: when the process died is not known.
    @discardableResult
    package func interruptRun(_ id: Int64, reason: String) throws -> Bool {
        try write { _ in
            guard try db.firstRow("SELECT 1 FROM runs WHERE run_id = ? AND outcome = 'running'", id) != nil else { return false }
            try db.run("UPDATE runs SET outcome = 'interrupted', report = ? WHERE run_id = ?", try runReport(id, reason: reason), id)
            return true
        }
    }

    /// The most recent runs, newest first, as recorded (see `RunHistory`
    /// in SyncNode for runs whose process died).
    package func runs(limit: Int) throws -> [RunRecord] {
        try runRecords("ORDER BY run_id DESC LIMIT ?", [limit])
    }

    /// Every run recorded as `running`, oldest first.
    package func unfinishedRuns() throws -> [RunRecord] {
        try runRecords("WHERE outcome = 'running' ORDER BY run_id")
    }

    private func runRecords(_ clause: String, _ values: [any SQLiteBindable] = []) throws -> [RunRecord] {
        try db.cachedStatement("SELECT run_id, kind, started_at, finished_at, outcome, report FROM runs " + clause).rows(values).map {
            let fields = Self.runReportFields(try $0.string(5))
            return try RunRecord(id: $0.int(0), kind: $0.string(1), startedAt: UInt64($0.int(2)),
                                 finishedAt: $0.optionalInt(3).map { UInt64(clamping: $0) }, outcome: $0.string(4),
                             report: fields.peers, reason: fields.reason, process: fields.process)
        }
    }

    /// The `report` column of run `id` with `reason` and, when given,
    /// `peers` set; the recorded process (and peers when not given) kept.
    private func runReport(_ id: Int64, reason: String?, peers: String? = nil) throws -> String {
        let stored = try db.firstRow("SELECT report FROM runs WHERE run_id = ?", id)?.string(0) ?? "{}"
        var object: [String: JSONValue] = [:]
        switch try? JSONParser.parse(stored) {
        case .object(let members)?: object = members
        case let array?: object["peers"] = array
        case nil: break
        }
        if let peers { object["peers"] = (try? JSONParser.parse(peers)) ?? .array([]) }
        if object["peers"] == nil { object["peers"] = .array([]) }
        object["reason"] = reason.map { .string($0) } ?? .null
        return JSONValue.object(object).text
    }

    /// Reads the `report` column: an object `{pid, process_start, reason,
    /// peers}`, or, as written before runs kept their pid, the bare peers array.
    static func runReportFields(_ text: String) -> (peers: String, reason: String?, process: RunProcess?) {
        guard let value = try? JSONParser.parse(text) else { return (text, nil, nil) }
        guard case .object = value else { return (text, nil, nil) }
        let pid = value["pid"].flatMap { if case .number(let n) = $0 { Int32(n) } else { nil } }
        let start = value["process_start"].flatMap { if case .number(let n) = $0 { UInt64(n) } else { nil } }
        return (value["peers"]?.text ?? "[]", value["reason"]?.string, pid.map { RunProcess(pid: $0, startTicks: start) })
    }
}
