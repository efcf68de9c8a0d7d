import SyncCore
@testable import SyncStore
import XCTest

/// The two rules under which a store takes a revision back out of its log
/// (a reused dot, a document's kind settled by its creation) must leave
/// every store in the same visible state whatever the order of arrival.
final class StoreWithdrawTests: StoreTestCase {
    /// What a node shows of `id`: kind, content, siblings; nil when absent.
    private func visible(_ id: String, in store: Store) throws -> String? {
        guard let doc = try store.document(id, now: now) else { return nil }
        return "\(doc.kind.rawValue) \(ContentJSON.encode(doc.content)) \(doc.siblings.map(\.revisionID))"
    }

    /// Applies a received revision the way the node's change-set applier
    /// does: a refusal or a withdrawn revision is recorded as rejected.
    private func deliver(_ signed: SignedRevision, to store: Store) throws {
        try store.write { scope in
            do {
                let outcome = try store.applyReceived(signed, origin: "beta", now: now, in: scope)
                for w in outcome.withdrawn {
                    try store.recordRejection(w.record.signed, peer: w.record.origin ?? "alpha", code: w.code, reason: w.reason, now: now, in: scope)
                }
            } catch let e as StoreError where e.isRefusal {
                let code: String
                if case .dotReused = e { code = "reused_counter" } else { code = "kind_mismatch" }
                try store.recordRejection(signed, peer: "beta", code: code, reason: e.description, now: now, in: scope)
            }
        }
    }

    /// Every order of `revisions`, each into a fresh store.
    private func everyOrder(_ revisions: [SignedRevision], check: (Store, [SignedRevision]) throws -> Void) throws {
        func permutations(_ items: [SignedRevision]) -> [[SignedRevision]] {
            guard items.count > 1 else { return [items] }
            return items.indices.flatMap { i -> [[SignedRevision]] in
                var rest = items
                let first = rest.remove(at: i)
                return permutations(rest).map { [first] + $0 }
            }
        }
        for (n, order) in permutations(revisions).enumerated() {
            let s = try Store.create(at: tmp.path("order-\(n).sqlite"), nodeName: "alpha", now: now)
            for r in order { try deliver(r, to: s) }
            try check(s, order)
            try assertKeptCountsMatchTheRows(s)
            try assertSearchIndexMatchesTheLog(s)
        }
    }

    func testTwoRevisionsWithOneDotEndTheSameWhicheverArrivesFirst() throws {
        let created = Self.remote("beta.x", dot: "beta:1", Self.article("Created"))
        let first = Self.remote("beta.x", dot: "beta:2", context: ["beta": 1], Self.article("Written before the backup was restored"))
        let second = Self.remote("beta.x", dot: "beta:2", context: ["beta": 1], Self.article("Written again after the restore"))
        let kept = DocumentState.keepsFirst(first.revision, over: second.revision) ? first : second
        let lost = kept == first ? second : first
        var seen = Set<String>()
        try everyOrder([created, first, second]) { s, order in
            seen.insert(try XCTUnwrap(try visible("beta.x", in: s), "\(order.map(\.revision.content))"))
            XCTAssertEqual(try s.history(of: "beta.x").map(\.signed), [created, kept].filter { r in order.contains(r) }
                .sorted { a, b in order.firstIndex(of: a)! < order.firstIndex(of: b)! })
            XCTAssertEqual(try s.rejectedRevisions(limit: 10).map(\.revisionID), ["beta:2"])
            XCTAssertTrue(try s.isRecordedRejection(lost))
        }
        XCTAssertEqual(seen.count, 1, "every order shows the same: \(seen)")
        XCTAssertTrue(seen.first!.contains(kept.revision.content.text("title")))
    }

    func testADocumentsKindIsItsCreationsWhateverArrivesFirst() throws {
        // beta creates an article; gamma edits it; delta (misbehaving) sends a talk edit.
        let creation = Self.remote("beta.x", dot: "beta:1", Self.article("An article", summary: "Created by beta"))
        let edit = Self.remote("beta.x", dot: "gamma:1", context: ["beta": 1], Self.article("An article", summary: "Edited by gamma"))
        let talk = Self.remote("beta.x", .talk, dot: "delta:1", context: ["beta": 1], Self.talk("Not a talk"))
        var seen = Set<String>()
        try everyOrder([creation, edit, talk]) { s, order in
            let shown = try XCTUnwrap(try visible("beta.x", in: s))
            seen.insert(shown)
            XCTAssertTrue(shown.hasPrefix("article "), "\(order.map(\.revision.revisionID)): \(shown)")
            XCTAssertEqual(try s.rejectedRevisions(limit: 10).map(\.revisionID), ["delta:1"], "\(order.map(\.revision.revisionID))")
            XCTAssertEqual(Set(try s.history(of: "beta.x").map(\.revision.revisionID)), ["beta:1", "gamma:1"])
            XCTAssertEqual(try s.search("talk").map(\.id), [], "the withdrawn talk left the full-text index")
        }
        XCTAssertEqual(seen.count, 1, "every order shows the same: \(seen)")
    }

    func testAnEditOfTheOtherKindIsRefusedOnceTheKindIsKnown() throws {
        try receive(Self.remote("beta.x", dot: "beta:1", Self.article("An article")))
        let head = try store.headSeq()
        XCTAssertThrowsError(try receive(Self.remote("beta.x", .talk, dot: "gamma:1", context: ["beta": 1], Self.talk("A talk")))) { e in
            XCTAssertEqual(e as? StoreError, .kindMismatch(revision: "gamma:1", documentID: "beta.x", claimed: "talk", stored: "article"))
        }
        XCTAssertEqual(try store.headSeq(), head, "refused before anything was written")
    }
}
