import SyncCore

/// What `syncnode demo` did and found (`--json` field names are a contract).
public struct DemoSummary: Sendable {
    public struct Node: Sendable {
        public var name: String
        public var home: String
        public var url: String
        /// The node's read-only web view (same listener as `url`, path `/`).
        public var webURL: String
        /// The CA certificate (PEM) that verifies this node's TLS
        /// certificate: what `--ca` of a client or `syncnode-conformance` needs.
        public var ca: String
        public var pid: Int32
        public var documents: Int
        public var conflicts: Int
        public var viewDigest: String
    }

    public var nodes: [Node] = []
    public var directory = ""
    public var fixtures = 0
    public var everyNodeHoldsEveryFixture = false
    public var mergedViewIdentical = false
    public var fieldMergeClean = false
    public var conflictIdentical = false
    public var conflictFields: [String] = []
    public var searchFoundOtherCitysTalk = false
    public var seconds = 0.0
    public var kept = false

    public var ok: Bool {
        everyNodeHoldsEveryFixture && mergedViewIdentical && fieldMergeClean && conflictIdentical && searchFoundOtherCitysTalk
    }

    public var json: JSONValue {
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
