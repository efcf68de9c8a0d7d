import SQLite
import SyncCore
@testable import SyncStore
import XCTest

/// Revisions in, change log and history out: the store's one apply path.
final class StoreChangeLogTests: StoreTestCase {
    /// A bulk write gets a larger page cache for its duration; every
    /// connection keeps SQLite's default otherwise (a serve pool or a sync
    /// of several peers holds several at once).
    func testABulkWriteHasTheLargerPageCacheOnlyWhileItRuns() throws {
        func cacheSize(_ s: Store) throws -> Int64 { try XCTUnwrap(s.db.firstRow("PRAGMA cache_size")?.int(0)) }
        XCTAssertEqual(try cacheSize(store), -Int64(Store.defaultCacheKiB))
        let inside = try store.bulkWrite { _ in try cacheSize(store) }
        XCTAssertEqual(inside, -Int64(Store.bulkWriteCacheKiB))
        XCTAssertEqual(try cacheSize(store), -Int64(Store.defaultCacheKiB))
        struct Failure: Error {}
        XCTAssertThrowsError(try store.bulkWrite { _ in throw Failure() })
        XCTAssertEqual(try cacheSize(store), -Int64(Store.defaultCacheKiB), "given back after a failure too")
        XCTAssertEqual(try cacheSize(try Store.open(at: store.path, readOnly: true)), -Int64(Store.defaultCacheKiB))
    }

    func testANewStoreRecordsItsNodeAndStartsEmpty() throws {
        XCTAssertEqual(try store.nodeName, "alpha")
        XCTAssertEqual(try store.actor, "alpha")
        XCTAssertEqual(try store.epoch, 1)
        XCTAssertEqual(try store.counter, 0)
        XCTAssertEqual(try store.meta("created_at"), String(now))
        XCTAssertEqual(try store.headSeq(), 0)
        XCTAssertEqual(try store.changes(after: 0, limit: 10), [])
        XCTAssertEqual(try StoreSchema.migrator.appliedIdentifiers(store.db),
                       ["v1-node-documents-revisions", "v2-peer-sync-state", "v3-fts-written-by-the-store", "v4-rejected-revisions",
                        "v5-list-order-and-count-indexes", "v6-text-once"])
    }

    func testCreateRefusesAnExistingFileAndOpenRefusesAMissingOne() throws {
        XCTAssertThrowsError(try Store.create(at: store.path, nodeName: "alpha", now: now)) { error in
            guard case .invalid(let message)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("refusing to overwrite"), message)
        }
        XCTAssertThrowsError(try Store.open(at: tmp.path("nothing.sqlite"))) { error in
            XCTAssertEqual(error as? StoreError, .notInitialised(path: self.tmp.path("nothing.sqlite")))
        }
        XCTAssertThrowsError(try Store.create(at: tmp.path("bad.sqlite"), nodeName: "Not A Slug", now: now)) { error in
            XCTAssertEqual((error as? ValidationError)?.field, "name")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("bad.sqlite")))
    }

    func testRevisionsRoundTripThroughHistoryAndTheChangeLogInOrder() throws {
        let a1 = try commit("alpha.one", .article, Self.article("First", tags: ["b-tag", "a-tag"]), at: now)
        let t1 = try commit("alpha.two", .talk, Self.talk("A talk", speaker: "Ana"), at: now + 5)
        let b1 = Self.remote("beta.three", dot: "beta:1", millis: now - 1_000, Self.article("From beta", body: "Hello"))
        XCTAssertEqual(try receive(b1, from: "beta"), .applied(conflict: false))
        let a2 = try commit("alpha.one", .article, Self.article("First, edited", tags: ["a-tag"]), at: now + 10)

        // Local writes take consecutive dots of this node, with the document's clock as context.
        XCTAssertEqual(a1.revision.dot, Dot(actor: "alpha", counter: 1))
        XCTAssertEqual(t1.revision.dot, Dot(actor: "alpha", counter: 2))
        XCTAssertEqual(a2.revision.dot, Dot(actor: "alpha", counter: 3))
        XCTAssertEqual(a1.revision.context, VersionVector())
        XCTAssertEqual(a2.revision.context, VersionVector(["alpha": 1]))
        XCTAssertEqual(a2.revision.author, "alpha")
        XCTAssertEqual(a2.revision.timestamp, HybridTimestamp(millis: now + 10))
        XCTAssertEqual(try store.counter, 3)

        let log = try store.changes(after: 0, limit: 100)
        XCTAssertEqual(log.map(\.signed), [a1, t1, b1, a2], "the log holds exactly what was applied, in arrival order")
        XCTAssertEqual(log.map(\.origin), [nil, nil, "beta", nil])
        XCTAssertEqual(log.map(\.receivedAt), [now, now + 5, now, now + 10], "local write time or arrival time")
        let seqs = log.map(\.seq)
        XCTAssertTrue(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 }, "seq is strictly increasing: \(seqs)")
        XCTAssertEqual(try store.headSeq(), log.last?.seq)

        // Paging: after(seq) and limit.
        XCTAssertEqual(try store.changes(after: log[1].seq, limit: 1).map(\.signed), [b1])
        XCTAssertEqual(try store.changes(after: log[1].seq, limit: 10).map(\.signed), [b1, a2])
        XCTAssertEqual(try store.changes(after: log[3].seq, limit: 10), [])
        XCTAssertEqual(try store.changes(after: log[0].seq, limit: 2).map(\.seq), [log[1].seq, log[2].seq])

        // History: one document's revisions, oldest first, content and signature intact.
        let history = try store.history(of: "alpha.one")
        XCTAssertEqual(history.map(\.signed), [a1, a2])
        XCTAssertEqual(history.first?.revision.content.list("tags"), ["a-tag", "b-tag"])
        XCTAssertEqual(history.first?.signed.signature, Self.signature(a1.revision))
        XCTAssertEqual(try store.history(of: "alpha.two").map(\.revision.kind), [.talk])
        XCTAssertEqual(try store.history(of: "nobody.here"), [])

        XCTAssertTrue(try store.hasRevision(Dot(actor: "beta", counter: 1)))
        XCTAssertFalse(try store.hasRevision(Dot(actor: "beta", counter: 2)))
        XCTAssertEqual(try store.highestCounter(of: "alpha"), 3)
        XCTAssertEqual(try store.highestCounter(of: "gamma"), 0)
    }

    func testTheChangeLogSurvivesClosingAndReopening() throws {
        let a1 = try commit("alpha.one", .article, Self.article("Kept"))
        let path = store.path
        store = nil
        let reopened = try Store.open(at: path)
        XCTAssertEqual(try reopened.changes(after: 0, limit: 10).map(\.signed), [a1])
        XCTAssertEqual(try reopened.counter, 1)
        let next = try commit("alpha.one", .article, Self.article("Kept, again"), in: reopened)
        XCTAssertEqual(next.revision.dot, Dot(actor: "alpha", counter: 2))
    }

    func testApplyingARevisionAgainChangesNothing() throws {
        let b1 = Self.remote("beta.x", dot: "beta:1", Self.article("Once"))
        XCTAssertEqual(try receive(b1), .applied(conflict: false))
        let head = try store.headSeq()
        XCTAssertEqual(try receive(b1, from: "gamma"), .alreadyHad)
        XCTAssertFalse(ApplyResult.alreadyHad.isNew)
        XCTAssertEqual(try store.headSeq(), head)
        XCTAssertEqual(try store.history(of: "beta.x").map(\.origin), ["beta"])
    }

    func testADotReusedWithDifferentContentKeepsTheRevisionEveryNodeKeeps() throws {
        let original = Self.remote("beta.x", dot: "beta:1", Self.article("Original"))
        let other = Self.remote("beta.x", dot: "beta:1", Self.article("Different"))
        let (kept, lost) = DocumentState.keepsFirst(original.revision, over: other.revision) ? (original, other) : (other, original)
        try receive(kept)
        let head = try store.headSeq()
        XCTAssertThrowsError(try receive(lost)) { error in
            XCTAssertEqual(error as? StoreError, .dotReused(dot: "beta:1", documentID: "beta.x"))
        }
        XCTAssertEqual(try store.headSeq(), head, "refused before anything was written")
        XCTAssertEqual(try store.document("beta.x", now: now)?.content, kept.revision.content)
    }

    func testARevisionOfTheWrongKindIsRefused() throws {
        try receive(Self.remote("beta.x", dot: "beta:1", Self.article("An article")))
        let head = try store.headSeq()
        XCTAssertThrowsError(try receive(Self.remote("beta.x", .talk, dot: "beta:2", context: ["beta": 1],
                                                     Self.talk("Now a talk")))) { error in
            XCTAssertEqual(error as? StoreError, .kindMismatch(revision: "beta:2", documentID: "beta.x", claimed: "talk", stored: "article"))
            XCTAssertTrue("\(error)".contains("beta.x is a talk"), "\(error)")
        }
        XCTAssertEqual(try store.headSeq(), head, "the refused revision never reached the log")
        XCTAssertEqual(try store.document("beta.x", now: now)?.kind, .article)
    }

    func testAWriteThatThrowsLeavesTheStoreAsItWas() throws {
        struct Stop: Error {}
        try commit("alpha.one", .article, Self.article("Before"))
        let head = try store.headSeq()
        XCTAssertThrowsError(try store.write { scope in
            try store.commitLocal(documentID: "alpha.one", kind: .article, content: Self.article("During"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
            try store.commitLocal(documentID: "alpha.two", kind: .article, content: Self.article("New"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
            throw Stop()
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try store.headSeq(), head)
        XCTAssertEqual(try store.counter, 1, "the counter rolled back with the revisions")
        XCTAssertEqual(try store.document("alpha.one", now: now)?.content.text("title"), "Before")
        XCTAssertNil(try store.document("alpha.two", now: now))
    }

    /// A write inside a write is a savepoint: when it throws, its own
    /// revisions and counter are undone, the outer write's are kept.
    func testAFailingInnerWriteUndoesOnlyItsOwnPart() throws {
        struct Stop: Error {}
        try store.write { scope in
            try store.commitLocal(documentID: "alpha.outer", kind: .article, content: Self.article("Outer"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
            XCTAssertThrowsError(try store.write { inner in
                try store.commitLocal(documentID: "alpha.inner", kind: .article, content: Self.article("Inner"),
                                      tombstone: false, now: now, sign: Self.signature, in: inner)
                try store.setMeta("note", "inner")
                throw Stop()
            }) { XCTAssertTrue($0 is Stop) }
            XCTAssertEqual(try store.counter, 1, "the inner write's counter is undone, inside the outer write too")
            XCTAssertNil(try store.meta("note"))
            try store.commitLocal(documentID: "alpha.after", kind: .article, content: Self.article("After"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
        }
        XCTAssertEqual(try store.allDocumentIDs(includeDeleted: true), ["alpha.after", "alpha.outer"])
        XCTAssertNil(try store.meta("note"))
        XCTAssertEqual(try store.counter, 2)
        XCTAssertEqual(try store.changes(after: 0, limit: 10).map(\.signed.revision.dot.counter), [1, 2],
                       "no counter is skipped or reused")
    }

    func testConcurrentRevisionsBecomeSiblingsAndAnOlderOneIsObsolete() throws {
        try commit("alpha.doc", .article, Self.article("Base"))
        // beta saw the base and edited; alpha edited concurrently.
        try commit("alpha.doc", .article, Self.article("Mine"))
        let theirs = Self.remote("alpha.doc", dot: "beta:1", context: ["alpha": 1], Self.article("Theirs"))
        XCTAssertEqual(try receive(theirs), .applied(conflict: true))
        let doc = try XCTUnwrap(store.document("alpha.doc", now: now))
        XCTAssertEqual(Set(doc.siblings.map(\.revisionID)), ["alpha:2", "beta:1"])
        XCTAssertEqual(doc.clock, VersionVector(["alpha": 2, "beta": 1]))
        XCTAssertEqual(try store.conflictedDocumentIDs(), ["alpha.doc"])
        XCTAssertEqual(try store.stats().conflicts, 1)
        XCTAssertEqual(try store.list(ListFilter()).first?.siblingCount, 2)

        // A revision superseded by one already held is kept in the log but not shown.
        let stale = Self.remote("alpha.doc", dot: "gamma:1", context: [:], Self.article("Stale"))
        let resolved = Self.remote("alpha.doc", dot: "gamma:2", context: ["alpha": 2, "beta": 1, "gamma": 1],
                                   Self.article("Resolved"))
        XCTAssertEqual(try receive(resolved, from: "gamma"), .applied(conflict: false))
        XCTAssertEqual(try receive(stale, from: "gamma"), .obsolete)
        XCTAssertTrue(ApplyResult.obsolete.isNew)
        let after = try XCTUnwrap(store.document("alpha.doc", now: now))
        XCTAssertEqual(after.siblings.map(\.revisionID), ["gamma:2"])
        XCTAssertEqual(after.content.text("title"), "Resolved")
        XCTAssertEqual(try store.history(of: "alpha.doc").map(\.revision.revisionID),
                       ["alpha:1", "alpha:2", "beta:1", "gamma:2", "gamma:1"])
        XCTAssertEqual(try store.conflictedDocumentIDs(), [])
    }

    func testANewEpochWritesUnderANewActorWithFreshCounters() throws {
        try commit("alpha.doc", .article, Self.article("One"))
        XCTAssertEqual(try store.beginNewEpoch(), "alpha~2")
        XCTAssertEqual(try store.epoch, 2)
        let next = try commit("alpha.doc", .article, Self.article("Two"))
        XCTAssertEqual(next.revision.dot, Dot(actor: "alpha~2", counter: 1))
        XCTAssertEqual(next.revision.author, "alpha")
        XCTAssertEqual(next.revision.context, VersionVector(["alpha": 1]))
    }

    func testAReadOnlyStoreReadsButCannotWrite() throws {
        try commit("alpha.doc", .article, Self.article("Readable"))
        let path = store.path
        store = nil
        let ro = try Store.open(at: path, readOnly: true)
        XCTAssertTrue(ro.readOnly)
        XCTAssertEqual(try ro.document("alpha.doc", now: now)?.content.text("title"), "Readable")
        XCTAssertThrowsError(try commit("alpha.doc", .article, Self.article("Refused"), in: ro)) { error in
            XCTAssertEqual((error as? SQLiteError)?.primaryCode, 8, "SQLITE_READONLY expected, got \(error)")
        }
        XCTAssertEqual(try ro.headSeq(), 1)
    }
}
