import XCTest
import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

/// docs/protocol.md section 13 holds test vectors. This test regenerates
/// each from the code and requires the document to show exactly the same
/// text, so the document and the code cannot drift apart.
final class ProtocolDocumentTests: XCTestCase {
    static let docURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/protocol.md")

    /// The first fenced block after `<!-- vector:NAME -->`.
    func block(_ name: String) throws -> String {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        let marker = "<!-- vector:\(name) -->"
        let parts = doc.components(separatedBy: marker)
        guard parts.count == 2 else { throw Failure("docs/protocol.md must contain \(marker) exactly once") }
        var lines = parts[1].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let first = lines.first, !first.hasPrefix("```") { lines.removeFirst() }
        guard !lines.isEmpty else { throw Failure("no fenced block after \(marker)") }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.hasPrefix("```") }) else { throw Failure("unterminated block after \(marker)") }
        return lines[..<end].joined(separator: "\n")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    func hexBlock(_ name: String) throws -> String {
        try block(name).filter { !$0.isWhitespace }
    }

    func testVectorsMatchTheCode() throws {
        let key = try Fixtures.key()
        XCTAssertEqual(try hexBlock("seed"), Fixtures.seedHex)
        XCTAssertEqual(try block("public-key"), key.publicKey.base64url + "\n" + key.publicKey.keyID)

        let bytes = CanonicalEncoding.signingBytes(of: Fixtures.vectorRevision)
        XCTAssertEqual(bytes.count, 304)
        XCTAssertEqual(try hexBlock("canonical-hex"), Hex.encode(bytes))
        let signed = try Fixtures.signed(Fixtures.vectorRevision, with: key)
        XCTAssertEqual(try hexBlock("signature-hex"), Hex.encode(signed.signature))
        XCTAssertEqual(try block("wire-json"), String(decoding: WireRevision.encode(signed), as: UTF8.self))
        XCTAssertEqual(try WireRevision.decode(Array(try block("wire-json").utf8)), signed)

        let push = ChangeSetPush(origin: "birmingham", revisions: [signed], sha256: Fixtures.sha256)
        XCTAssertEqual(try hexBlock("changeset-id"), push.changesetID)
        let body = push.encoded()
        XCTAssertEqual(try block("push-body"), String(decoding: body, as: UTF8.self))

        let signer = HTTPSignatureSigner(keyID: "birmingham", sign: { try key.sign($0) }, sha256: Fixtures.sha256)
        let uri = "https://singapore.example:8443/v1/changesets"
        let rq = try signer.signRequest(method: "POST", targetURI: uri, body: body, now: 1_767_225_600, nonce: "q7dZb2mH8w1t5V0cRk3LxA")
        XCTAssertEqual(try block("request-base"), rq.signatureBase)
        XCTAssertEqual(try block("request-headers"), rq.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))

        let result = PushResult(changesetID: push.changesetID, applied: ["birmingham:3"])
        XCTAssertEqual(try block("response-body"), String(decoding: result.encoded(), as: UTF8.self))
        let rs = try signer.signResponse(status: 200, body: result.encoded(),
                                         request: .init(method: "POST", targetURI: uri), now: 1_767_225_601)
        XCTAssertEqual(try block("response-base"), rs.signatureBase)
        XCTAssertEqual(try block("response-headers"), rs.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
    }

    /// The documented limits and codes are the ones the code enforces.
    func testDocumentedConstants() throws {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        XCTAssertEqual(WireLimits.maxRequestBodyBytes, 16 * 1024 * 1024)
        XCTAssertEqual(WireLimits.maxResponseBodyBytes, 8 * 1024 * 1024)
        XCTAssertEqual(WireLimits.maxPageLimit, 1000)
        XCTAssertEqual(WireLimits.defaultPageLimit, 100)
        XCTAssertEqual(SignatureProfile.request.maxValiditySeconds, 300)
        XCTAssertEqual(SignatureProfile.request.maxClockSkewSeconds, 60)
        XCTAssertEqual(SignatureProfile.request.validitySeconds, 60)
        for (code, status) in ErrorBody.statuses {
            XCTAssertTrue(doc.contains("| \(status) | `\(code)` |"), "error code \(code) (\(status)) is not documented")
        }
        XCTAssertTrue(doc.contains(ContentDigest.header(for: [], hash: Fixtures.sha256)))
        XCTAssertTrue(doc.contains(CanonicalEncoding.domain))
        XCTAssertTrue(doc.contains(ChangeSetPush.domain))
    }

    /// The rows of the table after `<!-- schema:KIND -->`, header and rule left out.
    func schemaRows(_ kind: String) throws -> [[String]] {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        let parts = doc.components(separatedBy: "<!-- schema:\(kind) -->")
        guard parts.count == 2 else { throw Failure("docs/protocol.md must contain <!-- schema:\(kind) --> exactly once") }
        let lines = parts[1].split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
        let table = lines.prefix { $0.hasPrefix("|") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
        }
        guard table.count > 2, table[0] == ["field", "format", "max bytes", "required"] else {
            throw Failure("the table after <!-- schema:\(kind) --> must start with | field | format | max bytes | required |")
        }
        return Array(table.dropFirst(2))
    }

    /// The content schema in the document is the one the code enforces:
    /// same fields in the same order, formats, limits and required flags.
    func testContentSchemaTablesMatchTheCode() throws {
        func format(_ f: FieldSpec.Format) -> String {
            switch f {
            case .text: return "text"
            case .date: return "date"
            case .url: return "url"
            case .labels: return "labels"
            }
        }
        for kind in DocumentKind.allCases {
            let expected = DocumentSchema.fields(for: kind).map {
                [$0.name, format($0.format), String($0.maxBytes), $0.required ? "yes" : "no"]
            }
            XCTAssertEqual(try schemaRows(kind.rawValue), expected, "docs/protocol.md, content schema of \(kind.rawValue)s")
        }
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        XCTAssertTrue(doc.contains("<!-- schema:max-labels -->At most \(DocumentSchema.maxTags) labels"),
                      "docs/protocol.md must state the label limit, \(DocumentSchema.maxTags)")
    }

    /// The document is a standard, not a guide to this repository's code.
    func testDocumentNamesNoSourceFile() throws {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        for needle in ["Sources/", "Tests/", ".swift"] {
            XCTAssertFalse(doc.contains(needle), "docs/protocol.md names a source file (\(needle))")
        }
    }
}
