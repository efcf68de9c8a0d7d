import Foundation
import SyncCore
import SyncNode
import SyncStore
import XCTest

/// Birmingham and Singapore edit the same article before they sync: every
/// node ends with the same merged view and the same conflict report.
final class ConcurrentEditTests: FederationTestCase {
    /// The federation after everyone pulled Birmingham's articles, and the id of one of them.
    private func federationSharingAnArticle() throws -> ([TestNode], String) {
        let nodes = try makeFederation(["birmingham", "singapore", "new-york"])
        try nodes[1].pull(from: "birmingham")
        try nodes[2].pull(from: "birmingham")
        let id = try XCTUnwrap(try nodes[0].store.search("BRUM").first?.id)
        XCTAssertEqual(try nodes[1].store.document(id, now: 0)?.content, try nodes[0].store.document(id, now: 0)?.content)
        return (nodes, id)
    }

    /// Everyone pulls from everyone (twice round, so relayed edits arrive too).
    private func syncAll(_ nodes: [TestNode]) throws {
        for _ in 0..<2 {
            for node in nodes {
                for other in nodes where other !== node { try node.pull(from: other.name) }
            }
        }
    }

    func testEditsOfDifferentFieldsMergeIdenticallyEverywhereWithoutConflict() throws {
        let (nodes, id) = try federationSharingAnArticle()
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let original = try XCTUnwrap(try birmingham.store.document(id, now: 0)).content
        try birmingham.local.edit(id, set: ["summary": .text("BRUM now answers most calls without a transfer.")])
        try singapore.local.edit(id, set: ["category": .text("Customer Service")])
        try syncAll(nodes)

        let now = WallClock.nowMillis()
        let views = try nodes.map { try XCTUnwrap(try $0.store.document(id, now: now), $0.name) }
        for (node, view) in zip(nodes, views) {
            XCTAssertEqual(view.content.text("summary"), "BRUM now answers most calls without a transfer.", node.name)
            XCTAssertEqual(view.content.text("category"), "Customer Service", node.name)
            XCTAssertEqual(view.content.text("title"), original.text("title"), node.name)
            XCTAssertEqual(view.siblings.count, 2, node.name)
            XCTAssertEqual(view.view.conflicts, [], node.name)
            XCTAssertFalse(view.view.needsResolution, node.name)
            XCTAssertEqual(view.content, views[0].content, "\(node.name) shows the same merged content")
            XCTAssertEqual(view.view, views[0].view, "\(node.name) has the same merged view")
        }
        for node in nodes {
            XCTAssertFalse(try node.local.conflictReports(now: now).contains(where: \.needsResolution), node.name)
        }
    }

    func testEditsOfTheSameFieldShowTheSameConflictOnEveryNode() throws {
        let (nodes, id) = try federationSharingAnArticle()
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let bham = try birmingham.local.edit(id, set: ["category": .text("Digital Inclusion")])
        let sing = try singapore.local.edit(id, set: ["category": .text("Customer Service")])
        try syncAll(nodes)

        let now = WallClock.nowMillis()
        let reports = try nodes.map { try $0.local.conflictReports(now: now) }
        let report = try XCTUnwrap(reports[0].first)
        XCTAssertEqual(reports[0].count, 1)
        XCTAssertEqual(report.documentID, id)
        XCTAssertTrue(report.needsResolution)
        XCTAssertEqual(report.siblingIDs.sorted(), [bham.revision.revisionID, sing.revision.revisionID].sorted())
        let category = try XCTUnwrap(report.fields.first { $0.field == "category" })
        XCTAssertTrue(category.conflict)
        XCTAssertEqual(Set(category.values.compactMap { $0.value?.text }), ["Digital Inclusion", "Customer Service"])
        for (node, theirs) in zip(nodes, reports) {
            XCTAssertEqual(theirs, reports[0], "\(node.name) reports the conflict identically")
            XCTAssertEqual(theirs.map(\.description), reports[0].map(\.description), node.name)
        }
        let contents = try nodes.map { try XCTUnwrap(try $0.store.document(id, now: now)).content }
        XCTAssertEqual(Set(contents.map { $0.text("category") }).count, 1, "every node shows the same category")

        // Editing is refused until someone resolves it.
        XCTAssertThrowsError(try birmingham.local.edit(id, set: ["language": .text("en-GB")]))
    }
}
