import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// The checks of docs/protocol.md, run in order against one node. Later
/// checks use what earlier ones pushed (a closed page needs two entries),
/// so each check states what it needs and skips when that is missing.
final class ConformanceSuite {
    let options: ConformanceOptions
    let client: ConformanceClient
    let key: Ed25519PrivateKey
    var factory: RevisionFactory
    /// Learnt by the node-info check (or given with `--server-key`).
    var serverName = ""
    var serverKey: Ed25519PublicKey?
    /// The optional features the node lists in `/v1/node`.
    var features: [String] = []
    /// Revisions the push check stored, for the paging checks to find.
    var pushed: [SignedRevision] = []

    init(options: ConformanceOptions) throws {
        self.options = options
        let pem: String
        do { pem = try String(contentsOfFile: options.keyPath, encoding: .utf8) } catch {
            throw ConformanceError.setup("cannot read the key file \(options.keyPath): \(error)")
        }
        do { key = try Ed25519PrivateKey(pem: pem) } catch {
            throw ConformanceError.setup("\(options.keyPath) is not a PEM Ed25519 private key: \(error)")
        }
        do { try NodeName.validate(options.name) } catch {
            throw ConformanceError.setup("--name \(options.name) is not a node name: \(error)")
        }
        client = try ConformanceClient(baseURL: options.url, caPath: options.caPath)
        factory = RevisionFactory(author: options.name, key: key)
        if let given = options.serverKey {
            do { serverKey = try Ed25519PublicKey(base64url: given) } catch {
                throw ConformanceError.setup("--server-key: \(error)")
            }
        }
    }

    /// Runs every check, reporting each line; returns the number of failures.
    func run(report: (String) -> Void) -> Int {
        let checks: [(String, () throws -> Void)] = [
            ("node-info", checkNodeInfo),
            ("unknown-path-404", checkUnknownPath),
            ("percent-encoded-path-404", checkPercentEncodedPath),
            ("wrong-method-405", checkWrongMethod),
            ("unsigned-pull-refused", checkUnsignedPull),
            ("unknown-keyid-403", checkUnknownKeyID),
            ("wrong-key-401", checkWrongKey),
            ("expired-signature-401", checkExpiredSignature),
            ("altered-target-401", checkAlteredTarget),
            ("replay-401", checkReplay),
            ("push-accepted", checkPush),
            ("push-idempotent", checkPushIdempotent),
            ("push-already-had", checkAlreadyHad),
            ("push-duplicate-revision", checkDuplicateInChangeSet),
            ("push-digest-mismatch-401", checkDigestMismatch),
            ("push-origin-mismatch-403", checkOriginMismatch),
            ("push-changeset-id-400", checkChangeSetIDMismatch),
            ("push-content-type-415", checkContentType),
            ("push-malformed-400", checkMalformedBody),
            ("push-context-zero-400", checkContextZero),
            ("push-too-many-revisions-400", checkTooManyRevisions),
            ("reject-not_owner", { try self.checkRejection("not_owner") }),
            ("reject-invalid_content", { try self.checkRejection("invalid_content") }),
            ("reject-unknown_author", { try self.checkRejection("unknown_author") }),
            ("reject-kind_mismatch", { try self.checkRejection("kind_mismatch") }),
            ("reject-reused_counter", { try self.checkRejection("reused_counter") }),
            ("reject-revoked_key", { throw CheckSkipped("needs a key the node has revoked for a trusted author; a black box cannot make one") }),
            ("reject-bad_signature-422", checkBadSignature),
            ("paging-and-cursors", checkPaging),
            ("paging-exclude", checkExclude),
            ("etag-304", checkETag),
            ("open-page-not-cached", checkOpenPage),
            ("query-errors-400", checkQueryErrors),
            ("since-beyond-int64", checkHugeSince),
            ("limits-body-413", checkBodyTooLarge),
        ]
        var failures = 0
        for (name, body) in checks {
            let outcome: CheckOutcome
            do {
                try body()
                outcome = .pass
            } catch let e as CheckFailure {
                outcome = .fail(e.reason)
            } catch let e as CheckSkipped {
                outcome = .skip(e.reason)
            } catch {
                outcome = .fail("\(error)")
            }
            if case .fail = outcome { failures += 1 }
            report(outcome.line(name))
        }
        return failures
    }

    // MARK: - Helpers shared by the checks

    /// The node's key, or a skip when node-info did not learn it.
    func requireServerKey() throws -> Ed25519PublicKey {
        guard let serverKey, !serverName.isEmpty else { throw CheckSkipped("node-info did not pass, so the node's key is unknown") }
        return serverKey
    }

    /// Checks signature, status and (for errors) the error code of a response.
    func expect(_ response: ClientResponse, _ method: String, _ target: String, status: Int, code: String? = nil) throws {
        try client.verify(response, method: method, target: target, serverName: serverName, serverKey: requireServerKey())
        guard response.status == status else {
            throw CheckFailure("\(method) \(target): expected \(status)\(code.map { " \($0)" } ?? ""), got \(response.status): \(response.bodyText.prefix(300))")
        }
        if let code {
            let got = ConformanceClient.errorCode(response)
            guard got == code else { throw CheckFailure("\(method) \(target): expected error code \(code), got \(got)") }
        }
    }

    /// A signed request as the suite's identity.
    func signed(_ method: String, _ target: String, body: [UInt8] = [], extra: HTTPHeaders = HTTPHeaders()) throws -> ClientResponse {
        try client.signed(method, target, body: body, name: options.name, key: key, extra: extra)
    }

    /// Pushes `changeset` and expects a 200 with a decodable PushResult for it.
    func push(_ changeset: ChangeSetPush) throws -> (PushResult, [UInt8]) {
        let response = try signed("POST", "/v1/changesets", body: changeset.encoded())
        try expect(response, "POST", "/v1/changesets", status: 200)
        let result: PushResult
        do { result = try PushResult.decode(response.body) } catch {
            throw CheckFailure("the push result does not decode: \(error)")
        }
        guard result.changesetID == changeset.changesetID else {
            throw CheckFailure("the push result names change-set \(result.changesetID), not \(changeset.changesetID)")
        }
        return (result, response.body)
    }

    /// A valid article creation in the suite's namespace.
    func newArticle(title: String = "Conformance check") throws -> SignedRevision {
        let counter = factory.counter()
        return try factory.make(document: RevisionFactory.documentID(owner: options.name), counter: counter,
                                content: ["title": .text(title)])
    }
}

@available(*, unavailable)
extension ConformanceSuite: Sendable {}
