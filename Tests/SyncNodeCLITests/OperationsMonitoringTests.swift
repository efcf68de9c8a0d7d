import Foundation
import TestSupport
import XCTest

/// What a monitoring stack reads from a running node: `GET /metrics`, parsed
/// by the reference Prometheus client's parser, and `--log-format json`
/// lines, one JSON object each, for journald or a log collector.
final class OperationsMonitoringTests: OperationsTestCase {
    /// Fetches URL/metrics over HTTPS (verified with the CA file) and parses
    /// it with prometheus_client; prints {content_type, families: {name: {type, samples}}}.
    static let scrape = #"""
    import json, ssl, sys, urllib.request
    from prometheus_client.parser import text_string_to_metric_families
    url, ca = sys.argv[1], sys.argv[2]
    context = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(url + "/metrics", context=context, timeout=20) as response:
        content_type = response.headers.get("Content-Type")
        text = response.read().decode("utf-8")
    families = {}
    for family in text_string_to_metric_families(text):
        families[family.name] = {"type": family.type, "samples": [
            {"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]}
    print(json.dumps({"content_type": content_type, "families": families}))
    """#

    func testMetricsParseWithPrometheusClientAfterSyncTraffic() throws {
        try PythonEnv.require(modules: ["prometheus_client"], pipPackages: ["prometheus-client"])
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let (_, url) = try serve(singapore)
        try trust(singapore, at: url, in: birmingham)
        let pushed = try documents(birmingham)
        let synced = try jsonObject(["sync"], home: birmingham.home)
        XCTAssertEqual(synced["ok"] as? Bool, true, "\(synced)")

        let out = try PythonEnv.run(script: Self.scrape, arguments: [url, try ca().caCertificatePath], stdin: [])
        XCTAssertEqual(out.status, 0, "python3 scrape of \(url)/metrics failed: \(out.stderr)")
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        XCTAssertEqual(parsed["content_type"] as? String, "text/plain; version=0.0.4; charset=utf-8")
        let families = try XCTUnwrap(parsed["families"] as? [String: [String: Any]])

        // The parser names counter families without the _total suffix; the samples keep it.
        let requests = try samples(families, family: "syncnode_http_requests", type: "counter")
        let ok = requests.filter { $0.name == "syncnode_http_requests_total" && $0.labels["status"] == "200" }
        XCTAssertEqual(ok.count, 1, "\(requests)")
        XCTAssertGreaterThanOrEqual(ok.first?.value ?? 0, 2, "at least one pull page and one push answered 200")

        let applied = try samples(families, family: "syncnode_revisions_applied", type: "counter")
        XCTAssertEqual(applied.map(\.name), ["syncnode_revisions_applied_total"])
        XCTAssertEqual(applied.first?.labels, ["peer": "birmingham"])
        XCTAssertEqual(applied.first?.value, Double(pushed), "the revisions Birmingham pushed")
        XCTAssertEqual(pushed, 5)

        let up = try samples(families, family: "syncnode_up", type: "gauge")
        XCTAssertEqual(up.first?.value, 1)
        XCTAssertNotNil(families["syncnode_peer_errors"], "declared even before any error")
        XCTAssertNotNil(families["syncnode_sync_duration_seconds"])
    }

    func testServeLogsOneJSONObjectPerLine() throws {
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let (server, url) = try serve(singapore, ["--log-format", "json"])
        try trust(singapore, at: url, in: birmingham)
        XCTAssertEqual(try jsonObject(["sync"], home: birmingham.home)["ok"] as? Bool, true)
        XCTAssertTrue(server.waitForLog("push_received", within: 10), server.stderr)
        XCTAssertEqual(server.stop(), 0)

        let lines = server.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "the log ends with a newline")
        var events: [String] = []
        for line in lines.dropLast() {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let entry = object as? [String: Any] else {
                XCTFail("not one JSON object: \(line)")
                continue
            }
            XCTAssertTrue(entry.values.allSatisfy { $0 is String }, "flat string fields: \(line)")
            let time = entry["time"] as? String ?? ""
            XCTAssertNotNil(ISO8601DateFormatter().date(from: time), "time is RFC 3339: \(line)")
            events.append(entry["event"] as? String ?? "(no event)")
        }
        XCTAssertEqual(events.first, "serving")
        XCTAssertEqual(events.last, "stopped")
        XCTAssertTrue(events.contains("push_received"), "\(events)")
        XCTAssertTrue(events.contains("stopping"), "\(events)")
        let serving = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        XCTAssertEqual(serving["node"], "singapore")
        XCTAssertEqual(serving["url"], url)
        XCTAssertEqual(serving["pid"], String(server.pid))
        let push = try XCTUnwrap(lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            .first { $0["event"] == "push_received" })
        XCTAssertEqual(push["peer"], "birmingham")
        XCTAssertEqual(push["applied"], "5")
    }

    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    func samples(_ families: [String: [String: Any]], family: String, type: String,
                 file: StaticString = #filePath, line: UInt = #line) throws -> [Sample] {
        let f = try XCTUnwrap(families[family], "no family \(family) in \(families.keys.sorted())", file: file, line: line)
        XCTAssertEqual(f["type"] as? String, type, family, file: file, line: line)
        let raw = try XCTUnwrap(f["samples"] as? [[String: Any]], file: file, line: line)
        XCTAssertFalse(raw.isEmpty, "\(family) has no samples", file: file, line: line)
        return raw.map {
            Sample(name: $0["name"] as? String ?? "", labels: $0["labels"] as? [String: String] ?? [:],
                   value: ($0["value"] as? NSNumber)?.doubleValue ?? .nan)
        }
    }
}
