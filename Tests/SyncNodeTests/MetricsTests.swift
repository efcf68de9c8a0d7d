import Foundation
import HTTPClient
import Subprocess
import SyncCrypto
import SyncNode
import TestSupport
import XCTest

/// `GET /metrics` after some traffic, read by the reference Prometheus
/// parser (`prometheus_client`). CI installs it (`python3 -m pip install
/// prometheus-client`); without it this test fails, it does not skip.
final class MetricsTests: FederationTestCase {
    static let parserScript = """
        import json, sys
        try:
            from prometheus_client.parser import text_string_to_metric_families
        except ImportError as e:
            sys.stderr.write("prometheus_client is not installed (%s): run python3 -m pip install prometheus-client\\n" % e)
            sys.exit(3)
        out = {"families": {}, "samples": []}
        for family in text_string_to_metric_families(sys.stdin.read()):
            out["families"][family.name] = family.type
            for s in family.samples:
                out["samples"].append({"name": s.name, "labels": s.labels, "value": s.value})
        print(json.dumps(out, sort_keys=True))
        """

    func testMetricsAfterTrafficParseWithPrometheusClient() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        XCTAssertEqual(try birmingham.push(to: "singapore").applied, 5)             // one POST
        XCTAssertEqual(try birmingham.pull(from: "singapore").applied, 6)           // one GET
        let stranger = try SignedRequester(name: "lisbon", key: Ed25519PrivateKey.generate(), baseURL: singapore.url,
                                           caFile: certs.caFile)
        XCTAssertEqual(try stranger.send("GET", "/v1/changes").status, 403)          // one refusal

        let client = try HTTPClient(configuration: HTTPClientConfiguration(baseURL: singapore.url,
                                                                           trust: .caBundle(path: certs.caFile)))
        let response = try client.send(.get("/metrics"))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") ?? false,
                      "\(String(describing: response.headers["Content-Type"]))")

        guard let python = PythonEnv.python3() else {
            return XCTFail("python3 is not on PATH: install Python 3 and run python3 -m pip install prometheus-client")
        }
        let run = try ProcessRunner.run(python, ["-c", Self.parserScript], stdin: Data(response.body), timeout: 60)
        guard run.status == 0 else {
            return XCTFail("prometheus_client could not parse /metrics (exit \(run.status)): \(run.stderr)\n--- body:\n\(response.bodyText)")
        }
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        let families = try XCTUnwrap(parsed["families"] as? [String: String])
        let samples = try XCTUnwrap(parsed["samples"] as? [[String: Any]])

        // prometheus_client names a counter family without its `_total` suffix.
        for counter in ["syncnode_revisions_applied", "syncnode_http_requests", "syncnode_revisions_rejected",
                        "syncnode_peer_errors"] {
            XCTAssertEqual(families[counter], "counter", "family \(counter) in \(families)")
        }
        XCTAssertEqual(families["syncnode_up"], "gauge")
        XCTAssertEqual(families["syncnode_sync_duration_seconds"], "summary")

        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { $0["name"] as? String == name && $0["labels"] as? [String: String] == labels }?["value"] as? Double
        }
        XCTAssertEqual(value("syncnode_revisions_applied_total", ["peer": "birmingham"]), 5)
        XCTAssertEqual(value("syncnode_http_requests_total", ["status": "200"]), 2)
        XCTAssertEqual(value("syncnode_http_requests_total", ["status": "403"]), 1)
        XCTAssertEqual(value("syncnode_up", [:]), 1)
    }
}
