import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

/// `POST /v1/changesets`: acceptance, idempotence and refused bodies
/// (docs/protocol.md sections 3, 6 and 8).
extension ConformanceSuite {
    func checkPush() throws {
        _ = try requireServerKey()
        let created = try newArticle(title: "Conformance: a created article")
        let editCounter = factory.counter()
        let edit = try factory.make(document: created.revision.documentID, counter: editCounter,
                                    context: [options.name: created.revision.dot.counter],
                                    content: ["title": .text("Conformance: an edited article"), "tags": .list(["conformance"])])
        let changeset = RevisionFactory.changeset(origin: options.name, [created, edit])
        let (result, _) = try push(changeset)
        let ids = [created.revision.revisionID, edit.revision.revisionID]
        guard result.applied == ids, result.alreadyHad.isEmpty, result.rejected.isEmpty else {
            throw CheckFailure("expected applied \(ids), got applied \(result.applied), already_had \(result.alreadyHad), rejected \(result.rejected.map(\.code))")
        }
        pushed = [created, edit]
    }

    /// The same change-set again answers the same result, byte for byte.
    func checkPushIdempotent() throws {
        guard !pushed.isEmpty else { throw CheckSkipped("push-accepted did not pass") }
        let changeset = RevisionFactory.changeset(origin: options.name, pushed)
        let (_, first) = try push(changeset)
        let (_, again) = try push(changeset)
        let (result, _) = try push(changeset)
        guard first == again, result.applied == pushed.map(\.revision.revisionID) else {
            throw CheckFailure("a repeated change-set answered differently: \(String(decoding: first, as: UTF8.self)) then \(String(decoding: again, as: UTF8.self))")
        }
    }

    func checkAlreadyHad() throws {
        guard let first = pushed.first else { throw CheckSkipped("push-accepted did not pass") }
        let (result, _) = try push(RevisionFactory.changeset(origin: options.name, [first]))
        guard result.applied.isEmpty, result.alreadyHad == [first.revision.revisionID] else {
            throw CheckFailure("a stored revision in a new change-set: expected already_had [\(first.revision.revisionID)], got applied \(result.applied), already_had \(result.alreadyHad)")
        }
    }

    /// A revision twice in one change-set is stored once: the first copy is
    /// applied, the second reported in `already_had`.
    func checkDuplicateInChangeSet() throws {
        _ = try requireServerKey()
        let revision = try newArticle(title: "Conformance: sent twice")
        let (result, _) = try push(RevisionFactory.changeset(origin: options.name, [revision, revision]))
        let id = revision.revision.revisionID
        guard result.applied == [id], result.alreadyHad == [id], result.rejected.isEmpty else {
            throw CheckFailure("expected applied [\(id)] and already_had [\(id)], got applied \(result.applied), already_had \(result.alreadyHad), rejected \(result.rejected.map(\.code))")
        }
    }

    func checkDigestMismatch() throws {
        _ = try requireServerKey()
        let body = RevisionFactory.changeset(origin: options.name, [try newArticle()]).encoded()
        var headers = try client.signatureHeaders(method: "POST", target: "/v1/changesets", body: body, name: options.name, key: key)
        var altered = body // trailing whitespace: still valid JSON, another digest
        altered.append(UInt8(ascii: " "))
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        let response = try client.send("POST", "/v1/changesets", headers: headers, body: altered)
        try expect(response, "POST", "/v1/changesets", status: 401, code: "unauthenticated")
    }

    func checkOriginMismatch() throws {
        _ = try requireServerKey()
        let revision = try newArticle()
        let body = RevisionFactory.changeset(origin: "conformance-other", [revision]).encoded()
        let response = try signed("POST", "/v1/changesets", body: body)
        try expect(response, "POST", "/v1/changesets", status: 403, code: "forbidden")
    }

    func checkChangeSetIDMismatch() throws {
        _ = try requireServerKey()
        let revision = try newArticle()
        let wrong = ChangeSetPush(origin: options.name, changesetID: String(repeating: "0", count: 64), revisions: [revision])
        let response = try signed("POST", "/v1/changesets", body: wrong.encoded())
        try expect(response, "POST", "/v1/changesets", status: 400, code: "invalid_message")
    }

    func checkContentType() throws {
        _ = try requireServerKey()
        let body = RevisionFactory.changeset(origin: options.name, [try newArticle()]).encoded()
        let response = try signed("POST", "/v1/changesets", body: body, extra: ["Content-Type": "text/plain"])
        try expect(response, "POST", "/v1/changesets", status: 415, code: "unsupported_media_type")
    }

    func checkMalformedBody() throws {
        _ = try requireServerKey()
        for body in ["{\"origin\":", "{\"origin\":\"a\",\"origin\":\"b\"}", "[]"] {
            let response = try signed("POST", "/v1/changesets", body: Array(body.utf8))
            try expect(response, "POST", "/v1/changesets", status: 400, code: "invalid_message")
        }
    }

    /// Context counters are at least 1 (docs/protocol.md section 4).
    func checkContextZero() throws {
        _ = try requireServerKey()
        let counter = factory.counter()
        let revision = try factory.make(document: RevisionFactory.documentID(owner: options.name), counter: counter,
                                        context: ["conformance-zero": 0], content: ["title": .text("zero context")])
        let body = Self.replacingContext(RevisionFactory.changeset(origin: options.name, [revision]))
        let response = try signed("POST", "/v1/changesets", body: body)
        try expect(response, "POST", "/v1/changesets", status: 400, code: "invalid_message")
    }

    func checkTooManyRevisions() throws {
        _ = try requireServerKey()
        var revisions: [SignedRevision] = []
        for _ in 0...WireLimits.maxRevisionsPerChangeSet { revisions.append(try newArticle(title: "too many")) }
        let response = try signed("POST", "/v1/changesets", body: RevisionFactory.changeset(origin: options.name, revisions).encoded())
        try expect(response, "POST", "/v1/changesets", status: 400, code: "invalid_message")
    }

    func checkBodyTooLarge() throws {
        _ = try requireServerKey()
        let body = [UInt8](repeating: UInt8(ascii: " "), count: WireLimits.maxRequestBodyBytes + 1)
        let response = try signed("POST", "/v1/changesets", body: body)
        try expect(response, "POST", "/v1/changesets", status: 413, code: "payload_too_large")
    }

    /// The encoded change-set, with the context `{}` put back where the
    /// encoder dropped a zero counter (a correct encoder never sends one).
    static func replacingContext(_ changeset: ChangeSetPush) -> [UInt8] {
        let text = String(decoding: changeset.encoded(), as: UTF8.self)
        return Array(text.replacingOccurrences(of: "\"context\":{}", with: "\"context\":{\"conformance-zero\":0}").utf8)
    }
}
