import XCTest
import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol
import TestSupport

/// Cross-checks against independent implementations in Python:
/// `http-message-signatures` (RFC 9421) and `cryptography` (Ed25519), and a
/// from-the-spec Python version of the canonical signing bytes.
///
/// Requires `python3 -m pip install 'http-message-signatures==3.0.0' cryptography`;
/// when they are missing the test FAILS with that hint (it never skips).
final class PythonCrossCheckTests: XCTestCase {
    static let script = #"""
import base64, datetime, json, sys
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, MappingKeyResolver, algorithms
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

class Msg:
    def __init__(self, method, url, headers):
        self.method, self.url, self.headers = method, url, dict(headers)

def canonical(r):
    # docs/protocol.md, "Canonical signing bytes", written from the text.
    def s(b):
        return len(b).to_bytes(4, "big") + b
    def u(x):
        return s(x.encode("utf-8"))
    out = u("syncnode-revision-v1") + bytes([1])
    out += u(r["document_id"]) + u(r["kind"]) + u(r["actor"]) + r["counter"].to_bytes(8, "big")
    ctx = sorted(((a.encode("utf-8"), c) for a, c in r["context"].items() if c > 0))
    out += len(ctx).to_bytes(4, "big")
    for a, c in ctx:
        out += s(a) + c.to_bytes(8, "big")
    out += u(r["author"]) + r["hlc_millis"].to_bytes(8, "big") + r["hlc_logical"].to_bytes(4, "big")
    out += bytes([1 if r["tombstone"] else 0])
    fields = []
    for k, v in r["content"].items():
        if isinstance(v, str):
            if v:
                fields.append((k.encode("utf-8"), bytes([1]) + u(v)))
        else:
            items = sorted(set(x.encode("utf-8") for x in v if x))
            if items:
                fields.append((k.encode("utf-8"), bytes([2]) + len(items).to_bytes(4, "big") + b"".join(s(x) for x in items)))
    fields.sort()
    out += len(fields).to_bytes(4, "big")
    for k, v in fields:
        out += s(k) + v
    return out

def b64url_decode(t):
    return base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))

req = json.load(sys.stdin)
result = {}

# 1. Verify the request signature our Swift code produced.
ours = req["ours"]
pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(ours["public_key_hex"]))
verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519,
                               key_resolver=MappingKeyResolver(private_keys={}, public_keys={ours["keyid"]: pub}))
def verify(body_b64):
    m = Msg(ours["method"], ours["url"], ours["headers"])
    try:
        res = verifier.verify(m, body=base64.b64decode(body_b64),
                              require_components=('"@method"', '"@target-uri"', '"content-digest"'))
        return {"ok": True, "params": {k: v for k, v in res[0].parameters.items()},
                "covered": list(res[0].covered_components.keys())}
    except Exception as e:
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}
result["verify_ours"] = verify(ours["body_b64"])
result["verify_ours_tampered"] = verify(base64.b64encode(b"tampered").decode())

# 2. Sign a request for Swift to verify.
theirs = req["theirs"]
sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(theirs["seed_hex"]))
signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                           key_resolver=MappingKeyResolver(private_keys={theirs["keyid"]: sk}, public_keys={}))
m = Msg(theirs["method"], theirs["url"], {})
created = datetime.datetime.fromtimestamp(theirs["created"], datetime.timezone.utc)
signer.sign(m, key_id=theirs["keyid"], created=created, expires=created + datetime.timedelta(seconds=60),
            nonce=theirs["nonce"], label="sig1", covered_component_ids=("@method", "@target-uri", "content-digest"),
            body=base64.b64decode(theirs["body_b64"]))
result["their_headers"] = m.headers

# 3. The docs/protocol.md test vector, from the wire JSON alone.
rev = req["vector_revision"]
cb = canonical(rev)
result["canonical_hex"] = cb.hex()
vpub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(req["vector_public_key_hex"]))
try:
    vpub.verify(b64url_decode(rev["signature"]), cb)
    result["vector_signature_ok"] = True
except Exception as e:
    result["vector_signature_ok"] = False
result["vector_signature_hex"] = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(req["vector_seed_hex"])).sign(cb).hex()
json.dump(result, sys.stdout)
"""#

    func testAgainstPythonImplementations() throws {
        try PythonEnv.require(modules: ["http_message_signatures", "cryptography"],
                              pipPackages: ["'http-message-signatures==3.0.0'", "cryptography"])
        let ours = try Fixtures.key()
        let theirs = try Ed25519PrivateKey(seed: Hex.decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")!)
        // The Python verifier uses the real clock, so sign with it.
        let now = Int64(Date().timeIntervalSince1970)
        let url = "https://127.0.0.1:8443/v1/changesets"
        let body = Array(#"{"origin":"birmingham"}"#.utf8)
        let signer = HTTPSignatureSigner(keyID: "birmingham", sign: { try ours.sign($0) }, sha256: Fixtures.sha256)
        let h = try signer.signRequest(method: "POST", targetURI: url, body: body, now: now, nonce: "swift-nonce-1")
        var headers: [String: String] = [:]
        for f in h.fields { headers[f.name] = f.value }

        let vector = try Fixtures.signed(Fixtures.vectorRevision, with: ours)
        let input: [String: Any] = [
            "ours": ["method": "POST", "url": url, "headers": headers, "body_b64": Data(body).base64EncodedString(),
                     "public_key_hex": Hex.encode(ours.publicKey.raw), "keyid": "birmingham"],
            "theirs": ["method": "GET", "url": "https://127.0.0.1:8443/v1/changes?since=5&limit=50", "body_b64": "",
                       "seed_hex": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                       "keyid": "singapore", "nonce": "py-nonce-1", "created": now],
            "vector_revision": try JSONSerialization.jsonObject(with: Data(WireRevision.encode(vector))),
            "vector_public_key_hex": Hex.encode(ours.publicKey.raw),
            "vector_seed_hex": Fixtures.seedHex,
        ]
        let out = try PythonEnv.run(script: Self.script, stdin: Array(try JSONSerialization.data(withJSONObject: input)))
        XCTAssertEqual(out.status, 0, out.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout + out.stderr)

        // 1. They verify ours, and refuse it with another body.
        let verifyOurs = try XCTUnwrap(result["verify_ours"] as? [String: Any])
        XCTAssertEqual(verifyOurs["ok"] as? Bool, true, "\(verifyOurs)")
        XCTAssertEqual(verifyOurs["covered"] as? [String], ["\"@method\"", "\"@target-uri\"", "\"content-digest\"", "\"@signature-params\""])
        let params = try XCTUnwrap(verifyOurs["params"] as? [String: Any])
        XCTAssertEqual(params["keyid"] as? String, "birmingham")
        XCTAssertEqual(params["nonce"] as? String, "swift-nonce-1")
        let tampered = try XCTUnwrap(result["verify_ours_tampered"] as? [String: Any])
        XCTAssertEqual(tampered["ok"] as? Bool, false, "\(tampered)")

        // 2. We verify theirs (their parameter order differs from ours).
        let theirHeaders = try XCTUnwrap(result["their_headers"] as? [String: String])
        var received = HTTPHeaders()
        for (k, v) in theirHeaders { received.add(name: k, value: v) }
        let message = HTTPSignatureMessage.request(method: "GET", targetURI: "https://127.0.0.1:8443/v1/changes?since=5&limit=50", headers: received)
        let verifier = HTTPSignatureVerifier(profile: .request, sha256: Fixtures.sha256)
        let v = try verifier.verify(message, body: [], now: now) { keyID, base, sig in
            keyID == "singapore" && theirs.publicKey.isValidSignature(sig, for: base)
        }
        XCTAssertEqual(v.keyID, "singapore")
        XCTAssertEqual(v.nonce, "py-nonce-1")
        var altered = message
        altered.request?.targetURI = "https://127.0.0.1:8443/v1/changes?since=0&limit=50"
        XCTAssertThrowsError(try verifier.verify(altered, body: [], now: now) { keyID, base, sig in
            theirs.publicKey.isValidSignature(sig, for: base)
        })

        // 3. Canonical bytes written from the spec in Python match ours, and
        //    Python's Ed25519 agrees with OpenSSL's on the vector signature.
        XCTAssertEqual(result["canonical_hex"] as? String, Hex.encode(CanonicalEncoding.signingBytes(of: vector.revision)))
        XCTAssertEqual(result["vector_signature_ok"] as? Bool, true)
        XCTAssertEqual(result["vector_signature_hex"] as? String, Hex.encode(vector.signature))
    }
}
