import SyncCore

/// What `syncnode demo` did and found (`--json` field names are a contract).
package struct DemoSummary: Sendable {
    package struct Node: Sendable {
        package var name: String
        package var home: String
        package var url: String
        /// The node's read-only web view (same listener as `url`, path `/`).
        package var webURL: String
        /// The CA certificate (PEM) that verifies this node's TLS
        /// certificate: what `--ca` of a client or `syncnode-conformance` needs.
        package var ca: String
        package var pid: Int32
        package var documents: Int
        package var conflicts: Int
        package var viewDigest: String
    }

    package var nodes: [Node] = []
    package var directory = ""
    package var fixtures = 0
    package var everyNodeHoldsEveryFixture = false
    package var mergedViewIdentical = false
    package var fieldMergeClean = false
    package var conflictIdentical = false
    package var conflictFields: [String] = []
    package var searchFoundOtherCitysTalk = false
    package var seconds = 0.0
    package var kept = false

    package var ok: Bool {
        everyNodeHoldsEveryFixture && mergedViewIdentical && fieldMergeClean && conflictIdentical && searchFoundOtherCitysTalk
    }

    package var json: JSONValue {
        .object([
            "ok": .bool(ok), "directory": .string(directory), "kept": .bool(kept), "fixtures": .double(Double(fixtures)),
            "every_node_holds_every_fixture": .bool(everyNodeHoldsEveryFixture),
            "merged_view_identical": .bool(mergedViewIdentical), "field_merge_clean": .bool(fieldMergeClean),
            "conflict_identical": .bool(conflictIdentical), "conflict_fields": .array(conflictFields.map { .string($0) }),
            "search_found_other_citys_talk": .bool(searchFoundOtherCitysTalk),
            "seconds": .double((seconds * 100).rounded() / 100),
            "nodes": .array(nodes.map { n in
                .object(["name": .string(n.name), "home": .string(n.home), "url": .string(n.url), "web_url": .string(n.webURL),
                         "ca": .string(n.ca), "pid": .double(Double(n.pid)),
                         "documents": .double(Double(n.documents)), "conflicts": .double(Double(n.conflicts)),
                         "view_digest": .string(n.viewDigest)])
            }),
        ])
    }
}
