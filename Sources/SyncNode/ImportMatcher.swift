import SyncCore
import SyncCrypto
import SyncStore

/// Decides which document each record of one import writes to, so that
/// importing the same files again writes nothing (README, "How import
/// matches records"). In order:
///
/// 1. An id the store has (even deleted) names that document: the record
///    updates it, or leaves it unchanged when identical. A different kind is
///    refused.
/// 2. An id of this node that the store lacks creates that document.
/// 3. Otherwise (no id, or another node's id the store lacks) the record
///    matches a live document of the same kind with identical content, else
///    one with the same `source_url` (the smallest id first).
/// 4. Otherwise it creates a document under a new id of this node (another
///    node's id is reported as reassigned: only the owner may create it).
///
/// A document is matched by at most one record of an import, so two records
/// with the same `source_url` stay two documents, and repeat imports pair
/// them up the same way.
struct ImportMatcher {
    typealias Entry = (kind: DocumentKind, settled: Bool, digest: [UInt8]?)

    let node: String
    private var byID: [String: Entry] = [:]
    /// Live document ids by "kind url" and by "kind content-digest", each in id order.
    private var bySourceURL: [String: ArraySlice<String>] = [:]
    private var byContent: [String: ArraySlice<String>] = [:]
    private var claimed: Set<String> = []

    init(node: String) {
        self.node = node
    }

    /// Adds one stored document; call in id order (`Store.forEachImportCandidate`).
    mutating func add(_ candidate: ImportCandidate) {
        guard !candidate.deleted else {
            byID[candidate.id] = (candidate.kind, false, nil)
            return
        }
        let digest = Self.digest(candidate.contentJSON)
        byID[candidate.id] = (candidate.kind, candidate.isSettled, digest)
        byContent[Self.key(candidate.kind, Hex.encode(digest)), default: []].append(candidate.id)
        if !candidate.sourceURL.isEmpty {
            bySourceURL[Self.key(candidate.kind, candidate.sourceURL), default: []].append(candidate.id)
        }
    }

    /// True when the store holds no documents: then nothing can match, and
    /// each record is decided alone (`decisionInAnEmptyStore`).
    var isEmpty: Bool { byID.isEmpty }

    /// The decision `decide` makes for a record with `id` when the store
    /// holds no documents (rules 2 and 4), without seeing the other records.
    func decisionInAnEmptyStore(for id: String?, mint: () -> String) -> ImportDecision {
        if let id, DocumentOwnership.isOwned(id, by: node) { return .create(id, reassignedFrom: nil) }
        return .create(mint(), reassignedFrom: id)
    }

    /// One decision per record, in record order.
    /// - Parameter mint: makes a new id owned by this node.
    /// - Throws: `ImportError` for a record whose id exists as the other kind.
    mutating func decide(_ records: [ImportEntry], mint: () -> String) throws -> [ImportDecision] {
        var decisions = [ImportDecision?](repeating: nil, count: records.count)
        // Ids first, so that no content or source_url match takes a document a record names.
        for (i, record) in records.enumerated() {
            guard let id = record.id else { continue }
            if let entry = byID[id] {
                guard entry.kind == record.kind else {
                    throw ImportError(file: record.file, line: record.line, field: "kind", reason: "\(id) is \(entry.kind.withArticle) in this store, not \(record.kind.withArticle): give the record kind \"\(entry.kind.rawValue)\", or remove its id to import it as a new \(record.kind.rawValue)")
                }
                claimed.insert(id)
                decisions[i] = entry.settled && entry.digest == record.digest ? .unchanged(id) : .update(id)
            } else if DocumentOwnership.isOwned(id, by: node) {
                decisions[i] = decisionInAnEmptyStore(for: id, mint: mint)
            }
        }
        // Identical content before source_url, so that a changed record never
        // takes the document an unchanged one repeats.
        for i in records.indices where decisions[i] == nil {
            if let id = Self.take(Self.key(records[i].kind, Hex.encode(records[i].digest)), from: &byContent, claimed: &claimed) {
                decisions[i] = byID[id]?.settled == true ? .unchanged(id) : .update(id)
            }
        }
        for i in records.indices where decisions[i] == nil {
            let url = records[i].sourceURL
            if !url.isEmpty, let id = Self.take(Self.key(records[i].kind, url), from: &bySourceURL, claimed: &claimed) {
                decisions[i] = .update(id)
            }
        }
        return records.indices.map { i in
            decisions[i] ?? .create(mint(), reassignedFrom: records[i].id)
        }
    }

    /// The first unclaimed id under `key`, now claimed. Claimed ids are
    /// dropped from the front as they are met, so each is skipped once.
    private static func take(_ key: String, from map: inout [String: ArraySlice<String>],
                             claimed: inout Set<String>) -> String? {
        guard var ids = map[key] else { return nil }
        while let first = ids.first, claimed.contains(first) { ids.removeFirst() }
        let id = ids.popFirst()
        map[key] = ids
        if let id { claimed.insert(id) }
        return id
    }

    /// Names content exactly, in 32 bytes instead of the whole text: the
    /// SHA-256 of the store's canonical content JSON.
    static func digest(_ contentJSON: String) -> [UInt8] {
        SHA256.hash(contentJSON)
    }

    static func key(_ kind: DocumentKind, _ value: String) -> String {
        kind.rawValue + " " + value
    }
}
