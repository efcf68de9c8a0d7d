import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

/// Node info, routing and request authentication (docs/protocol.md sections 3 and 9).
extension ConformanceSuite {
    func checkNodeInfo() throws {
        let response = try client.send("GET", "/v1/node")
        guard response.status == 200 else { throw CheckFailure("GET /v1/node answered \(response.status): \(response.bodyText.prefix(300))") }
        let info: NodeInfo
        do { info = try NodeInfo.decode(response.body) } catch { throw CheckFailure("the NodeInfo does not decode: \(error)") }
        let published: Ed25519PublicKey
        do { published = try Ed25519PublicKey(base64url: info.publicKey) } catch { throw CheckFailure("public_key: \(error)") }
        guard info.keyID == published.keyID else {
            throw CheckFailure("key_id is \(info.keyID), but the public key's id is \(published.keyID)")
        }
        if let serverKey, serverKey != published {
            throw CheckFailure("the node publishes key \(info.keyID), not the --server-key \(serverKey.keyID)")
        }
        serverName = info.name
        serverKey = published
        features = info.features
        try client.verify(response, method: "GET", target: "/v1/node", serverName: info.name, serverKey: published)
        guard info.protocolVersion == 1 else { throw CheckFailure("protocol_version is \(info.protocolVersion), this suite tests 1") }
        guard (info.protocolName ?? NodeInfo.protocolV1) == NodeInfo.protocolV1 else {
            throw CheckFailure("protocol is \(info.protocolName.map { "\"\($0)\"" } ?? "missing"), expected \"\(NodeInfo.protocolV1)\"")
        }
    }

    func checkUnknownPath() throws {
        _ = try requireServerKey()
        let response = try signed("GET", "/v1/no-such-endpoint")
        try expect(response, "GET", "/v1/no-such-endpoint", status: 404, code: "not_found")
    }

    /// Paths are matched as sent: `/v1/%63hanges` is not `/v1/changes`.
    func checkPercentEncodedPath() throws {
        _ = try requireServerKey()
        let response = try signed("GET", "/v1/%63hanges")
        try expect(response, "GET", "/v1/%63hanges", status: 404, code: "not_found")
    }

    func checkWrongMethod() throws {
        _ = try requireServerKey()
        let response = try signed("DELETE", "/v1/changes")
        try expect(response, "DELETE", "/v1/changes", status: 405, code: "method_not_allowed")
        guard response.headers["Allow"] == "GET" else { throw CheckFailure("405 without `Allow: GET` (got \(response.headers["Allow"] ?? "none"))") }
    }

    func checkUnsignedPull() throws {
        _ = try requireServerKey()
        let target = "/v1/changes?since=0&limit=1"
        let response = try client.send("GET", target)
        if response.status == 200 { throw CheckSkipped("the node allows unsigned pulls (an operator's choice)") }
        try expect(response, "GET", target, status: 401, code: "unauthenticated")
    }

    func checkUnknownKeyID() throws {
        _ = try requireServerKey()
        let stranger = try Ed25519PrivateKey.generate()
        let target = "/v1/changes?since=0&limit=1"
        let response = try client.signed("GET", target, name: "conformance-stranger", key: stranger)
        try expect(response, "GET", target, status: 403, code: "forbidden")
    }

    func checkWrongKey() throws {
        _ = try requireServerKey()
        let other = try Ed25519PrivateKey.generate()
        let target = "/v1/changes?since=0&limit=1"
        let response = try client.signed("GET", target, name: options.name, key: other)
        try expect(response, "GET", target, status: 401, code: "unauthenticated")
    }

    func checkExpiredSignature() throws {
        _ = try requireServerKey()
        let target = "/v1/changes?since=0&limit=1"
        // Signed 300 s ago: expired 240 s ago, beyond the 60 s of tolerated skew.
        let headers = try client.signatureHeaders(method: "GET", target: target, body: [], name: options.name, key: key,
                                                  now: ConformanceClient.now() - 300)
        let response = try client.send("GET", target, headers: headers)
        try expect(response, "GET", target, status: 401, code: "unauthenticated")
    }

    /// A signature made for one target does not authorise another.
    func checkAlteredTarget() throws {
        _ = try requireServerKey()
        let headers = try client.signatureHeaders(method: "GET", target: "/v1/changes?since=0&limit=1", body: [],
                                                  name: options.name, key: key)
        let sent = "/v1/changes?since=0&limit=2"
        let response = try client.send("GET", sent, headers: headers)
        try expect(response, "GET", sent, status: 401, code: "unauthenticated")
    }

    func checkReplay() throws {
        _ = try requireServerKey()
        let target = "/v1/changes?since=0&limit=1"
        let headers = try client.signatureHeaders(method: "GET", target: target, body: [], name: options.name, key: key)
        let first = try client.send("GET", target, headers: headers)
        try expect(first, "GET", target, status: 200)
        let again = try client.send("GET", target, headers: headers)
        try expect(again, "GET", target, status: 401, code: "replayed")
    }
}
