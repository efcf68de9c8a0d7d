import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

/// Refused revisions (docs/protocol.md section 6, "Rejected revisions"):
/// each code the suite can provoke, beside an acceptable revision that must
/// still be stored.
extension ConformanceSuite {
    func checkRejection(_ code: String) throws {
        _ = try requireServerKey()
        var setup: [SignedRevision] = []
        let refused: SignedRevision
        switch code {
        case "not_owner":
            // Created in the tested node's namespace by the suite's identity.
            let counter = factory.counter()
            refused = try factory.make(document: RevisionFactory.documentID(owner: serverName), counter: counter,
                                       content: ["title": .text("not mine to create")])
        case "invalid_content":
            let counter = factory.counter()
            refused = try factory.make(document: RevisionFactory.documentID(owner: options.name), counter: counter,
                                       content: ["title": .text("bad date"), "published_date": .text("2021-02-30")])
        case "unknown_author":
            let stranger = try Ed25519PrivateKey.generate()
            refused = try factory.make(document: RevisionFactory.documentID(owner: "conformance-stranger"), counter: 1,
                                       author: "conformance-stranger", content: ["title": .text("from nowhere")],
                                       signingKey: stranger)
        case "kind_mismatch":
            let article = try newArticle(title: "an article")
            setup = [article]
            let counter = factory.counter()
            refused = try factory.make(document: article.revision.documentID, kind: .talk, counter: counter,
                                       context: [options.name: article.revision.dot.counter], content: ["title": .text("now a talk?")])
        case "reused_counter":
            let original = try newArticle(title: "the first write")
            setup = [original]
            // Same dot, later timestamp, other content: the stored one is earlier and stays.
            refused = try factory.make(document: original.revision.documentID, counter: original.revision.dot.counter,
                                       millis: original.revision.timestamp.millis + 1000,
                                       content: ["title": .text("the same counter again")])
        default:
            throw CheckFailure("the suite has no way to provoke \(code)")
        }
        if !setup.isEmpty {
            let (result, _) = try push(RevisionFactory.changeset(origin: options.name, setup))
            guard result.rejected.isEmpty else { throw CheckFailure("the setup revision was refused: \(result.rejected.map(\.reason))") }
        }
        let good = try newArticle(title: "accepted beside a refused one")
        let (result, _) = try push(RevisionFactory.changeset(origin: options.name, [refused, good]))
        let expected = PushResult.Rejection(revision: refused.revision.revisionID, documentID: refused.revision.documentID,
                                            code: code, reason: result.rejected.first?.reason ?? "")
        guard result.rejected.count == 1, result.rejected[0] == expected, !expected.reason.isEmpty else {
            throw CheckFailure("expected rejected [\(refused.revision.revisionID) \(code) with a reason], got \(result.rejected.map { "\($0.revision) \($0.code)" })")
        }
        guard result.applied == [good.revision.revisionID] else {
            throw CheckFailure("the acceptable revision beside the refused one was not applied: applied \(result.applied)")
        }
    }

    /// A revision whose signature does not verify refuses the whole
    /// change-set: 422 `rejected` with a machine-readable `error.rejected`.
    func checkBadSignature() throws {
        _ = try requireServerKey()
        let good = try newArticle(title: "stored only if the change-set is")
        var tampered = try newArticle(title: "signed, then altered")
        tampered.revision.content = Content(["title": .text("altered after signing")])
        let changeset = RevisionFactory.changeset(origin: options.name, [good, tampered])
        let response = try signed("POST", "/v1/changesets", body: changeset.encoded())
        try expect(response, "POST", "/v1/changesets", status: 422, code: "rejected")
        let body: ErrorBody
        do { body = try ErrorBody.decode(response.body) } catch { throw CheckFailure("the 422 body does not decode: \(error)") }
        // Nothing of it was stored: the good revision is new to the node when pushed alone.
        let (result, _) = try push(RevisionFactory.changeset(origin: options.name, [good]))
        guard result.applied == [good.revision.revisionID] else {
            throw CheckFailure("after the 422, the change-set's good revision was already stored (already_had \(result.alreadyHad))")
        }
        guard features.contains("rejected_list") else { return }
        let expected = [RefusedRevision(revision: tampered.revision.revisionID, documentID: tampered.revision.documentID,
                                           code: "bad_signature")]
        guard body.rejected == expected else {
            throw CheckFailure("the node lists feature rejected_list, but error.rejected is \(body.rejected.map { "\($0.revision) \($0.code)" }), expected [\(tampered.revision.revisionID) bad_signature]")
        }
    }
}
