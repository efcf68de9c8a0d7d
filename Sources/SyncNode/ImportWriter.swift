import SyncCore
import SyncCrypto
import SyncStore

/// Writes decided import records inside one store transaction, in batches:
/// batch k+1 is signed on another thread (`BackgroundResult`) while batch k is
/// applied. Valid only because an import writes each document at most once,
/// so no write in it depends on another. Lives only inside the write it
/// was made in (it holds that write's scope).
struct ImportWriter {
    let store: Store
    let scope: WriteScope
    let key: Ed25519PrivateKey
    let now: UInt64
    let batchSize: Int
    private var prepared: [PreparedWrite] = []
    /// The batch being signed, with its signatures (or the error signing one threw).
    private var pending: (prepared: [PreparedWrite], signatures: BackgroundResult<[Result<[UInt8], any Error>]>)?

    init(store: Store, in scope: WriteScope, key: Ed25519PrivateKey, now: UInt64, batchSize: Int) {
        self.store = store
        self.scope = scope
        self.key = key
        self.now = now
        self.batchSize = max(1, batchSize)
    }

    /// Prepares `record`'s write as `decision` says, and counts it in `summary`.
    mutating func write(_ record: DocumentRecord, _ decision: ImportDecision, into summary: inout ImportSummary) throws {
        switch decision {
        case .unchanged:
            summary.unchanged += 1
        case .update(let id):
            summary.updated += 1
            prepared.append(try store.prepareLocal(documentID: id, kind: record.kind, content: record.content,
                                                   tombstone: false, now: now, in: scope))
        case .create(let id, let from):
            summary.created += 1
            if let from {
                summary.reassignedCount += 1
                try store.addImportReassignment(from: from, to: id)
            }
            prepared.append(try store.prepareLocal(documentID: id, kind: record.kind, content: record.content,
                                                   tombstone: false, now: now, current: nil, in: scope))
        }
        if prepared.count >= batchSize { try startSigning() }
    }

    /// Signs and applies what is left.
    mutating func finish() throws {
        try startSigning()
        try applyPending()
    }

    private mutating func startSigning() throws {
        guard !prepared.isEmpty else { return }
        let revisions = prepared.map(\.revision)
        let key = self.key
        let signatures = BackgroundResult { revisions.map { r in Result { try key.sign(CanonicalEncoding.signingBytes(of: r)) } } }
        try applyPending()
        pending = (prepared, signatures)
        prepared = []
    }

    private mutating func applyPending() throws {
        guard let batch = pending else { return }
        for (p, signature) in zip(batch.prepared, batch.signatures.get()) {
            try store.applyPrepared(p, signature: try signature.get(), now: now, in: scope)
        }
        pending = nil
    }
}
