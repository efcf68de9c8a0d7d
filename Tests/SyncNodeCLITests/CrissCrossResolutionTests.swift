import Foundation
import TestSupport
import XCTest

/// Issue 9, point 4, end to end: two nodes resolve the same title conflict
/// differently at the same time. Each resolution has seen both edits (a
/// criss-cross), so neither may look like "no change": once synced, both
/// nodes must show a new title conflict between the two resolutions, and
/// export the same documents.
final class CrissCrossResolutionTests: OperationsTestCase {
    func testDifferentConcurrentResolutionsBecomeANewConflictOnBothNodes() throws {
        let alpha = try makeNode("alpha", importing: Self.citiesPath + "/birmingham/transforming-services.json")
        let beta = try makeNode("beta")
        let (_, alphaURL) = try serve(alpha)
        let (_, betaURL) = try serve(beta)
        try trust(beta, at: betaURL, in: alpha)
        try trust(alpha, at: alphaURL, in: beta)
        try sync(alpha)
        try sync(beta)
        let id = try XCTUnwrap(try jsonArray(["list"], home: beta.home).first?["id"] as? String, "beta has the article")

        try succeed(["edit", id, "--set", "title=Alpha's title"], home: alpha.home)
        try succeed(["edit", id, "--set", "title=Beta's title"], home: beta.home)
        try sync(alpha)
        try sync(beta)

        // Each node keeps its own edit's title, at once, before seeing the other's resolution.
        var resolutions: [String] = []
        for node in [alpha, beta] {
            let title = try titleConflict(id, on: node)
            let own = try XCTUnwrap(title.values.first { $0.revision.hasPrefix("\(node.name):") }, "\(title)")
            let resolved = try jsonObject(["resolve", id, "--field", "title=\(own.revision)"], home: node.home)
            resolutions.append(try XCTUnwrap(resolved["revision"] as? String, "\(resolved)"))
        }
        try sync(alpha)
        try sync(beta)
        try sync(alpha)

        for node in [alpha, beta] {
            let title = try titleConflict(id, on: node)
            XCTAssertTrue(title.needsResolution, "\(node.name) must ask for a resolution")
            XCTAssertEqual(title.siblings.sorted(), resolutions.sorted(), "\(node.name): the two resolutions are the siblings")
            XCTAssertEqual(Set(title.values.map(\.value)), ["Alpha's title", "Beta's title"], "\(node.name)")
            XCTAssertEqual(title.base.split(separator: "+").count, 2, "\(node.name): a virtual base of both edits, got \(title.base)")
        }
        let alphaExport = try succeed(["export"], home: alpha.home).stdout
        XCTAssertEqual(alphaExport, try succeed(["export"], home: beta.home).stdout)
        XCTAssertFalse(alphaExport.isEmpty)
    }

    /// What `conflicts --json` says of `id`'s title on `node`.
    private struct TitleConflict {
        var needsResolution: Bool
        var base: String
        var siblings: [String]
        var values: [(revision: String, value: String)]
    }

    private func titleConflict(_ id: String, on node: Node, file: StaticString = #filePath,
                               line: UInt = #line) throws -> TitleConflict {
        let reports = try jsonArray(["conflicts"], home: node.home, file: file, line: line)
        let report = try XCTUnwrap(reports.first { $0["id"] as? String == id }, "\(node.name): \(reports)", file: file, line: line)
        let fields = try XCTUnwrap(report["fields"] as? [[String: Any]], "\(report)", file: file, line: line)
        let title = try XCTUnwrap(fields.first { $0["field"] as? String == "title" }, "\(report)", file: file, line: line)
        XCTAssertEqual(title["conflict"] as? Bool, true, "\(node.name): \(title)", file: file, line: line)
        let values = (title["values"] as? [[String: Any]] ?? []).compactMap { v -> (String, String)? in
            guard let revision = v["revision"] as? String, let value = v["value"] as? String else { return nil }
            return (revision, value)
        }
        return TitleConflict(needsResolution: report["needs_resolution"] as? Bool ?? false,
                             base: report["base"] as? String ?? "", siblings: report["siblings"] as? [String] ?? [],
                             values: values)
    }
}
