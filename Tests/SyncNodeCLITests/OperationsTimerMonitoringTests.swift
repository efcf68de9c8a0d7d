import Foundation
import TestSupport
import XCTest

/// Monitoring a node whose syncs run from a timer: per-peer gauges on
/// `/metrics` (read from the store, whoever synced), `/healthz`, one log line
/// per refused client per minute, `--metrics-file` for node_exporter, `status`
/// with the whole current reason, and an exit status that tells "a peer is
/// down" (69) from "a peer was skipped by back-off" (0 with --backoff-ok).
final class OperationsTimerMonitoringTests: OperationsTestCase {
    /// GETs URL+PATH (verified with the CA file); prints {status, body}.
    static let fetch = #"""
    import json, ssl, sys, urllib.request, urllib.error
    url, ca = sys.argv[1], sys.argv[2]
    context = ssl.create_default_context(cafile=ca)
    try:
        with urllib.request.urlopen(url, context=context, timeout=20) as response:
            status, body, signed = response.status, response.read().decode("utf-8"), response.headers.get("Signature")
    except urllib.error.HTTPError as e:
        status, body, signed = e.code, e.read().decode("utf-8"), e.headers.get("Signature")
    print(json.dumps({"status": status, "body": body, "signed": signed is not None}))
    """#

    /// Parses Prometheus text with prometheus_client; prints {"name{labels}": value}.
    static let parse = #"""
    import json, sys
    from prometheus_client.parser import text_string_to_metric_families
    out = {}
    for family in text_string_to_metric_families(sys.stdin.read()):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            out[s.name + ("{" + labels + "}" if labels else "")] = s.value
    print(json.dumps(out))
    """#

    func get(_ url: String) throws -> [String: Any] {
        let out = try PythonEnv.run(script: Self.fetch, arguments: [url, try ca().caCertificatePath], stdin: [])
        XCTAssertEqual(out.status, 0, out.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
    }

    func samples(_ text: String) throws -> [String: Double] {
        let out = try PythonEnv.run(script: Self.parse, stdin: Array(text.utf8))
        XCTAssertEqual(out.status, 0, "prometheus_client could not parse: \(out.stderr)\n\(text)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Double], out.stdout)
    }

    func testServeShowsHealthPeerGaugesAndLogsRefusalsOncePerMinute() throws {
        try PythonEnv.require(modules: ["prometheus_client"], pipPackages: ["prometheus-client"])
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let stranger = try makeNode("stranger")
        let (singaporeServer, singaporeURL) = try serve(singapore)
        let (_, birminghamURL) = try serve(birmingham)
        try trust(birmingham, at: birminghamURL, in: singapore)
        try trust(singapore, at: singaporeURL, in: birmingham)
        try trust(singapore, at: singaporeURL, in: stranger)

        let health = try get(singaporeURL + "/healthz")
        XCTAssertEqual(Self.int(health["status"]), 200)
        XCTAssertEqual(health["signed"] as? Bool, false, "unsigned, like /metrics")
        let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data((health["body"] as? String ?? "").utf8)) as? [String: Any])
        XCTAssertEqual(body["status"] as? String, "ok")
        XCTAssertEqual(body["node"] as? String, "singapore")

        // A timer's sync, in its own process: serve's /metrics reads the outcome from the store.
        let before = Date().timeIntervalSince1970
        try sync(singapore)
        let metrics = try get(singaporeURL + "/metrics")
        let values = try samples(metrics["body"] as? String ?? "")
        let lastSuccess = try XCTUnwrap(values["syncnode_peer_last_success_timestamp_seconds{peer=birmingham}"], "\(values)")
        XCTAssertGreaterThanOrEqual(lastSuccess, before.rounded(.down))
        XCTAssertEqual(values["syncnode_peer_consecutive_failures{peer=birmingham}"], 0)

        // A node singapore does not trust, three times: one log line, three counted.
        for _ in 0..<3 {
            let (run, _) = try report(["pull", "--attempts", "1"], in: stranger)
            XCTAssertEqual(run.status, 69, "\(run)")
        }
        XCTAssertTrue(singaporeServer.waitForLog("request_refused", within: 10), singaporeServer.stderr)
        let refusals = singaporeServer.stderr.split(separator: "\n").filter { $0.contains(" request_refused ") }
        XCTAssertEqual(refusals.count, 1, "rate-limited: \(refusals)")
        let line = String(refusals.first ?? "")
        for part in ["status=403", "remote=127.0.0.1", "path=/v1/changes", "code=forbidden", "keyid 'stranger' is not a trusted peer"] {
            XCTAssertTrue(line.contains(part), "\(part) in \(line)")
        }
        let after = try samples(try get(singaporeURL + "/metrics")["body"] as? String ?? "")
        XCTAssertEqual(after["syncnode_requests_refused_total{status=403}"], 3, "\(after)")
    }

    func testTimerRunWritesMetricsFileAndTellsDownFromBackingOff() throws {
        try PythonEnv.require(modules: ["prometheus_client"], pipPackages: ["prometheus-client"])
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let down = try makeNode("down-city")
        let (_, url) = try serve(singapore)
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        // singapore at a wrong port first: an error that a later success must clear from `status`.
        try trust(singapore, at: "https://127.0.0.1:1", in: birmingham)
        try trust(down, at: "https://127.0.0.1:1", in: birmingham)
        let (failed, _) = try report(["sync", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(failed.status, 69, "\(failed)")
        try succeed(["peer", "add", "singapore", "--replace", "--url", url, "--public-key", singapore.publicKey,
                     "--ca", try ca().caCertificatePath], home: birmingham.home)

        // The timer's run: singapore syncs, down-city is skipped by back-off.
        let directory = tmp.path("textfile")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/syncnode.prom"
        let quiet = try atHome(["sync", "--backoff-ok", "--quiet", "--metrics-file", file], home: birmingham.home)
        XCTAssertEqual(quiet.status, 0, "only a skipped peer: \(quiet)")
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.stderr, "", "nothing to mail from cron")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["syncnode.prom"], "no temporary file left")
        let values = try samples(try String(contentsOfFile: file, encoding: .utf8))
        XCTAssertEqual(values["syncnode_peer_last_run_ok{peer=singapore}"], 1, "\(values)")
        XCTAssertEqual(values["syncnode_peer_last_run_ok{peer=down-city}"], 0)
        XCTAssertEqual(values["syncnode_peer_last_run_skipped{peer=down-city}"], 1)
        XCTAssertEqual(values["syncnode_peer_consecutive_failures{peer=down-city}"], 1)
        XCTAssertEqual(values["syncnode_peer_consecutive_failures{peer=singapore}"], 0)
        XCTAssertNotNil(values["syncnode_peer_last_success_timestamp_seconds{peer=singapore}"])
        XCTAssertNil(values["syncnode_peer_last_success_timestamp_seconds{peer=down-city}"], "never synced")
        XCTAssertEqual(values["syncnode_revisions_applied_total{peer=singapore}"], 6)
        XCTAssertNotNil(values["syncnode_last_run_timestamp_seconds{kind=sync}"])
        XCTAssertNil(values["syncnode_up"], "a timer run is not a server")

        // Without --backoff-ok, the documented meaning of 69 stands.
        let (plain, _) = try report(["sync"], in: birmingham)
        XCTAssertEqual(plain.status, 69, "\(plain)")
        // A peer that is tried and fails still makes a --backoff-ok run fail.
        let (tried, _) = try report(["sync", "--backoff-ok", "--ignore-backoff", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(tried.status, 69, "\(tried)")

        // status: the whole current reason, and none for the peer that recovered.
        let status = try succeed(["status"], home: birmingham.home).stdout
        let reason = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("down-city: since ") }, status)
        XCTAssertTrue(reason.hasSuffix("Check that the peer is running and the address and port are right."), String(reason))
        XCTAssertGreaterThan(reason.count, 120)
        XCTAssertFalse(status.contains("singapore: since"), status)
        let peers = try peerStatus(birmingham)
        XCTAssertNotNil(peers["singapore"]?["last_error"] as? String, "history is kept")
        XCTAssertTrue(peers["singapore"]?["current_error"] is NSNull, "\(String(describing: peers["singapore"]))")
        XCTAssertTrue((peers["down-city"]?["current_error"] as? String ?? "").contains("connection refused"))
    }
}
