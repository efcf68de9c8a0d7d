import XCTest
import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

final class MessagesTests: XCTestCase {
    func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    func testNodeInfo() throws {
        let key = try Fixtures.key()
        let info = NodeInfo(name: "birmingham", publicKey: key.publicKey.base64url, keyID: key.publicKey.keyID)
        XCTAssertEqual(text(info.encoded()),
            #"{"features":["excluded_heads","key_history","rejected_list"],"key_id":"sha256:21fe31dfa154a261626bf854046fd227","name":"birmingham","protocol":"syncnode/1","protocol_version":1,"public_key":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)
        XCTAssertEqual(try NodeInfo.decode(info.encoded()), info)
        XCTAssertTrue(info.supports("excluded_heads"))
        // A node older than `protocol` and `features` still decodes: no features.
        let old = try NodeInfo.decode(Array(#"{"key_id":"sha256:21fe31dfa154a261626bf854046fd227","name":"birmingham","protocol_version":1,"public_key":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#.utf8))
        XCTAssertNil(old.protocolName)
        XCTAssertEqual(old.features, [])
        XCTAssertFalse(old.supports("excluded_heads"))
        XCTAssertEqual(try JSONDecoder().decode(NodeInfo.self, from: Data(info.encoded())), info)
        XCTAssertThrowsError(try NodeInfo.decode(Array(#"{"name":"b","public_key":"AAAA","key_id":"x","protocol_version":1}"#.utf8))) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'public_key': must be base64url (no padding) of a 32-byte Ed25519 public key")
        }
        XCTAssertThrowsError(try NodeInfo.decode(Array(#"{"name":"B"}"#.utf8))) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'name': 'B' is not a node name (a lowercase slug such as new-york)")
        }
    }

    func testChangesQuery() throws {
        XCTAssertEqual(try ChangesQuery.parse(since: nil, limit: nil), ChangesQuery(since: 0, limit: 100))
        XCTAssertEqual(try ChangesQuery.parse(since: "42", limit: "1000"), ChangesQuery(since: 42, limit: 1000))
        XCTAssertEqual(ChangesQuery(since: 7, limit: 5).target, "/v1/changes?since=7&limit=5")
        XCTAssertThrowsError(try ChangesQuery.parse(since: "-1", limit: nil)) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'since': must be a sequence number (a non-negative integer), got '-1'")
        }
        XCTAssertThrowsError(try ChangesQuery.parse(since: "+1", limit: nil))
        for bad in ["0", "1001", "1e2", "", " 5"] {
            XCTAssertThrowsError(try ChangesQuery.parse(since: nil, limit: bad)) { e in
                XCTAssertEqual("\(e)", "invalid_value in field 'limit': must be an integer from 1 to 1000, got '\(bad)'")
            }
        }
    }

    /// Query strings are matched as sent: no percent-decoding, no `+`, no repeats.
    func testRawChangesQuery() throws {
        XCTAssertEqual(try ChangesQuery.parse(rawQuery: "since=5&limit=7&exclude=lisbon&x=1&x=2&&"),
                       ChangesQuery(since: 5, limit: 7, exclude: "lisbon"))
        XCTAssertEqual(try ChangesQuery.parse(rawQuery: ""), ChangesQuery())
        let cases = [("limit=%31", "limit", "must be an integer from 1 to 1000, got '%31'"),
                     ("since=1&since=1", "since", "is given more than once: send each parameter at most once"),
                     ("exclude", "exclude", "has no value: write exclude=VALUE"),
                     ("exclude=lis%62on", "exclude", "must be a node name, got 'lis%62on'")]
        for (query, field, message) in cases {
            XCTAssertThrowsError(try ChangesQuery.parse(rawQuery: Substring(query)), query) { e in
                XCTAssertEqual("\(e)", "invalid_value in field '\(field)': \(message)")
            }
        }
        let split = ChangesQuery.split(target: "/v1/%63hanges?since=1#frag")
        XCTAssertEqual(split.path, "/v1/%63hanges")
        XCTAssertEqual(split.query, "since=1")
        XCTAssertEqual(ChangesQuery.split(target: "/v1/node").query, "")
    }

    /// If-None-Match compares weakly and `*` matches any closed page.
    func testIfNoneMatch() {
        let tag = "\"abc\""
        XCTAssertTrue(ChangesPage.ifNoneMatch([tag], matches: tag))
        XCTAssertTrue(ChangesPage.ifNoneMatch(["W/\"abc\""], matches: tag))
        XCTAssertTrue(ChangesPage.ifNoneMatch(["\"x\", \"abc\""], matches: tag))
        XCTAssertTrue(ChangesPage.ifNoneMatch(["\"x\"", " * "], matches: tag))
        XCTAssertFalse(ChangesPage.ifNoneMatch(["\"abcd\"", "abc"], matches: tag))
        XCTAssertFalse(ChangesPage.ifNoneMatch([], matches: tag))
    }

    /// A 422 lists the revisions that refused the change-set; other errors have no list.
    func testErrorBodyRejectedList() throws {
        let refused = ErrorBody(code: "rejected", message: "m",
                                rejected: [RefusedRevision(revision: "x:1", documentID: "x.y", code: "bad_signature")])
        XCTAssertEqual(text(refused.encoded()),
                       #"{"error":{"code":"rejected","message":"m","rejected":[{"code":"bad_signature","document_id":"x.y","revision":"x:1"}]}}"#)
        XCTAssertEqual(try ErrorBody.decode(refused.encoded()), refused)
        XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(refused.encoded())), refused)
        XCTAssertEqual(text(ErrorBody(code: "not_found", message: "m").encoded()), #"{"error":{"code":"not_found","message":"m"}}"#)
        XCTAssertEqual(try ErrorBody.decode(Array(#"{"error":{"code":"not_found","message":"m"}}"#.utf8)).rejected, [])
    }

    /// A pusher's report names the refused revisions of a 422, not only its code.
    func testErrorBodyDescriptionNamesTheRefusedRevisions() {
        XCTAssertEqual(ErrorBody(code: "not_found", message: "no such page").description, "not_found: no such page")
        let one = [RefusedRevision(revision: "x:1", documentID: "x.y", code: "bad_signature")]
        XCTAssertEqual(ErrorBody(code: "rejected", message: "m", rejected: one).description,
                       "rejected: m (refused: x:1 of x.y: bad_signature)")
        let five = (1...5).map { RefusedRevision(revision: "x:\($0)", documentID: "x.d\($0)", code: "bad_signature") }
        XCTAssertEqual(ErrorBody(code: "rejected", message: "m", rejected: five).description,
                       "rejected: m (refused: x:1 of x.d1: bad_signature, x:2 of x.d2: bad_signature, x:3 of x.d3: bad_signature and 2 more)")
    }

    func pageEntries() throws -> [ChangesPage.Entry] {
        let key = try Fixtures.key()
        return try (1...3).map { i in
            ChangesPage.Entry(seq: UInt64(10 + i * 2), revision: try Fixtures.signed(
                Fixtures.revision(doc: "birmingham.d\(i)", counter: UInt64(i)), with: key))
        }
    }

    func testChangesPageRoundTripAndCursor() throws {
        let entries = try pageEntries()
        let page = ChangesPage(node: "birmingham", since: 10, hasMore: true, entries: entries)
        XCTAssertEqual(page.next, 16)
        XCTAssertTrue(page.isClosed)
        let bytes = page.encoded()
        XCTAssertEqual(try ChangesPage.decode(bytes, request: ChangesQuery(since: 10, limit: 3)), page)
        XCTAssertEqual(page.encoded(), bytes, "encoding must be deterministic for strong ETags")
        XCTAssertEqual(ChangesPage.etag(bodySHA256: SHA256.hash(bytes)).count, 45)
        let empty = ChangesPage(node: "birmingham", since: 16, hasMore: false, entries: [])
        XCTAssertEqual(empty.next, 16)
        XCTAssertEqual(text(empty.encoded()), #"{"has_more":false,"next":16,"node":"birmingham","revisions":[],"since":16}"#)
        XCTAssertEqual(try ChangesPage.decode(empty.encoded()), empty)
    }

    func testChangesPageIsCutToFitAByteCap() throws {
        let page = ChangesPage(node: "birmingham", since: 10, next: 20, hasMore: false, entries: try pageEntries(),
                               excludedHeads: VersionVector(["birmingham": 3]))
        let body = ChangesPageBody(page)
        let whole = page.encoded()
        XCTAssertEqual(body.encoded(fitting: whole.count).body, whole, "a page that fits is unchanged")
        let (cut, bytes) = body.encoded(fitting: whole.count - 1)
        XCTAssertLessThanOrEqual(bytes.count, whole.count - 1)
        XCTAssertLessThan(cut.entries.count, page.entries.count)
        XCTAssertGreaterThanOrEqual(cut.entries.count, 1)
        XCTAssertEqual(cut.next, cut.entries.last?.seq, "the cursor stops at the last entry kept")
        XCTAssertTrue(cut.hasMore)
        XCTAssertNil(cut.excludedHeads, "only a last page tells the excluded heads")
        let decoded = try ChangesPage.decode(bytes)
        XCTAssertEqual(decoded.entries, Array(page.entries.prefix(cut.entries.count)))
        XCTAssertEqual(decoded.next, cut.next)
        XCTAssertEqual(body.encoded(fitting: 1).page.entries.count, 1, "one entry is always kept")
    }

    /// Pages and revisions are written member by member (`ChangesPageBody`,
    /// `WireRevision.write`); the bytes must be those of their JSON values.
    func testPageAndRevisionBytesAreTheirJSON() throws {
        let key = try Fixtures.key()
        var revisions = [try Fixtures.signed(Fixtures.vectorRevision, with: key)]
        for (i, title) in ["plain", "quote \" and \\ and /", "control \u{01}\u{1F}\n\r\t", "naïve — 東京 🚋", ""].enumerated() {
            var r = Fixtures.revision(doc: "birmingham.t\(i)", counter: UInt64(i + 2), title: title)
            r.content["tags"] = .list(["x\"y", "é", ""])
            r.tombstone = i == 4
            if r.tombstone { r.content = Content() }
            revisions.append(try Fixtures.signed(r, with: key))
        }
        for r in revisions {
            XCTAssertEqual(WireRevision.encode(r), WireRevision(r).json.serialized())
        }
        let entries = revisions.enumerated().map { ChangesPage.Entry(seq: UInt64(20 + $0.offset), revision: $0.element) }
        for page in [ChangesPage(node: "birmingham", since: 19, hasMore: true, entries: entries),
                     ChangesPage(node: "birmingham", since: 19, next: 40, hasMore: false, entries: entries,
                                 excludedHeads: VersionVector(["birmingham": 9, "birmingham~2": 1])),
                     ChangesPage(node: "birmingham", since: 40, hasMore: false, entries: [])] {
            XCTAssertEqual(page.encoded(), page.json.serialized())
        }
    }

    func pageError(_ mutate: (inout [String: WireJSON]) -> Void, request: ChangesQuery? = nil) throws -> String {
        let page = ChangesPage(node: "birmingham", since: 10, hasMore: true, entries: try pageEntries())
        guard case .object(var o) = page.json else { return "not an object" }
        mutate(&o)
        do { _ = try ChangesPage.decode(WireJSON.object(o).serialized(), request: request); return "no error" } catch { return error.description }
    }

    func testChangesPageErrors() throws {
        XCTAssertEqual(try pageError({ $0["next"] = .uint(15) }),
                       "invalid_value in field 'next': is 15, but must be at least the last entry's seq (16)")
        XCTAssertEqual(try pageError({ _ in }, request: ChangesQuery(since: 9, limit: 3)),
                       "invalid_value in field 'since': is 10, but the request asked for since=9")
        XCTAssertEqual(try pageError({ _ in }, request: ChangesQuery(since: 10, limit: 2)),
                       "too_large in field 'revisions': has 3 entries; at most 2 are allowed")
        XCTAssertEqual(try pageError({ $0["since"] = .uint(12) }),
                       "invalid_value in field 'revisions[0].seq': is 12, but must be greater than since (12)")
        XCTAssertEqual(try pageError({ o in
            if case .array(var items) = o["revisions"], case .object(var e) = items[2] {
                e["seq"] = .uint(14); items[2] = .object(e); o["revisions"] = .array(items)
            }
        }), "invalid_value in field 'revisions[2].seq': is 14, but must be greater than the previous entry's seq (14)")
        XCTAssertEqual(try pageError({ o in
            if case .array(var items) = o["revisions"], case .object(var e) = items[1], case .object(var r) = e["revision"] {
                r["kind"] = .string("poem"); e["revision"] = .object(r); items[1] = .object(e); o["revisions"] = .array(items)
            }
        }), "invalid_value in field 'revisions[1].revision.kind': must be \"article\" or \"talk\", got \"poem\"")
        XCTAssertEqual(try pageError({ $0["revisions"] = .array([]); $0["next"] = .uint(10) }),
                       "invalid_value in field 'has_more': is true on a page that does not move the cursor, which would make a client loop forever")
        XCTAssertEqual(try pageError({ $0["has_more"] = nil }), "missing_field in field 'has_more': is required")
        XCTAssertEqual(try pageError({ $0["since"] = .number("-0") }),
                       "invalid_value in field 'since': must be an integer from 0 to 18446744073709551615, got -0")
    }

    func testChangeSetPush() throws {
        let key = try Fixtures.key()
        let revs = try (1...2).map { try Fixtures.signed(Fixtures.revision(counter: UInt64($0)), with: key) }
        let push = ChangeSetPush(origin: "birmingham", revisions: revs, sha256: Fixtures.sha256)
        XCTAssertEqual(push.changesetID, SHA256.hexDigest(ChangeSetPush.changeSetBytes(origin: "birmingham", revisions: revs)))
        XCTAssertEqual(try ChangeSetPush.decode(push.encoded(), sha256: Fixtures.sha256), push)
        // The id depends on order, origin and signatures.
        XCTAssertNotEqual(ChangeSetPush(origin: "birmingham", revisions: revs.reversed(), sha256: Fixtures.sha256).changesetID, push.changesetID)
        XCTAssertNotEqual(ChangeSetPush(origin: "singapore", revisions: revs, sha256: Fixtures.sha256).changesetID, push.changesetID)

        var forged = push
        forged.changesetID = String(repeating: "0", count: 64)
        XCTAssertThrowsError(try ChangeSetPush.decode(forged.encoded(), sha256: Fixtures.sha256)) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'changeset_id': does not match the content (expected \(push.changesetID))")
        }
        XCTAssertNoThrow(try ChangeSetPush.decode(forged.encoded()))
        forged.changesetID = "ABC"
        XCTAssertThrowsError(try ChangeSetPush.decode(forged.encoded())) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'changeset_id': must be 64 lowercase hex digits (SHA-256)")
        }
        let empty = ChangeSetPush(origin: "birmingham", changesetID: push.changesetID, revisions: [])
        XCTAssertThrowsError(try ChangeSetPush.decode(empty.encoded())) { e in
            XCTAssertEqual("\(e)", "invalid_value in field 'revisions': must hold at least one revision")
        }
    }

    func testPushResultAndErrorBody() throws {
        let r = PushResult(changesetID: "ab", applied: ["birmingham:3"], alreadyHad: ["singapore:1"], conflicts: ["birmingham:3"],
                           rejected: [.init(revision: "x:1", documentID: "x.y", code: "not_owner", reason: "it creates x.y, which belongs to x")])
        XCTAssertEqual(try PushResult.decode(r.encoded()), r)
        XCTAssertEqual(try JSONDecoder().decode(PushResult.self, from: Data(r.encoded())), r)
        XCTAssertEqual(text(r.encoded()),
            #"{"already_had":["singapore:1"],"applied":["birmingham:3"],"changeset_id":"ab","conflicts":["birmingham:3"],"rejected":[{"code":"not_owner","document_id":"x.y","reason":"it creates x.y, which belongs to x","revision":"x:1"}]}"#)

        let e = ErrorBody(code: "not_found", message: "no such page")
        XCTAssertEqual(text(e.encoded()), #"{"error":{"code":"not_found","message":"no such page"}}"#)
        XCTAssertEqual(e.status, 404)
        XCTAssertEqual(try ErrorBody.decode(e.encoded()), e)
        XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(e.encoded())), e)
        XCTAssertEqual(ErrorBody(WireError(.tooLarge, field: "", "big")).status, 413)
        XCTAssertEqual(ErrorBody(WireError(.invalidValue, field: "kind", "bad")),
                       ErrorBody(code: "invalid_message", message: "invalid_value in field 'kind': bad"))
    }
}
