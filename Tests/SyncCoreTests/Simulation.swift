@testable import SyncCore

/// A seeded, deterministic run of 3 to 5 nodes editing two documents:
/// edits to different and to the same fields, tags, paragraphs of the long
/// text, deletes and re-creations, conflict resolutions, backups and
/// restores; revisions travel in random order, duplicated, dropped, and not
/// at all across a partition. `finish()` heals everything and checks that
/// every node ends with the same state, history, view and report.
struct Simulation {
    static let documents: [(id: String, kind: DocumentKind, longField: String)] = [
        ("doc-a", .article, "body"), ("doc-t", .talk, "notes"),
    ]
    static let titles = ["Alpha", "Beta", "Gamma", "Delta"]
    static let summaries = ["one", "two", "three"]
    static let categories = ["news", "culture", "tech"]
    static let tagPool = ["x", "y", "z", "w", "v"]

    let seed: UInt64
    var rng: SplitMix64
    var nodes: [TestNode]
    var offsets: [Int64]
    var time: UInt64 = 100_000_000_000
    /// Group of each node while partitioned; nil when everyone can talk.
    var partition: [Int]? = nil
    var snapshots: [Int: TestNode] = [:]
    /// For a restored node: the peers it has not yet compared clocks with.
    /// It may not write until it has compared with all of them.
    var uncheckedPeers: [Int: Set<Int>] = [:]
    var problems: [String] = []
    var trace: [String] = []

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        let names = ["birmingham", "singapore", "new-york", "lagos", "lima"]
        let count = rng.int(3..<6)
        nodes = names.prefix(count).map { TestNode($0) }
        // Mostly small skews, sometimes an hour either way.
        offsets = (0..<count).map { _ in
            rng.chance(0.2) ? (rng.chance(0.5) ? 3_600_000 : -3_600_000) : Int64(rng.int(-2_000..<2_000))
        }
        self.rng = rng
    }

    func now(_ i: Int) -> UInt64 { UInt64(Int64(time) + offsets[i]) }

    func reachable(_ i: Int, _ j: Int) -> Bool { partition.map { $0[i] == $0[j] } ?? true }

    mutating func run(steps: Int) {
        for _ in 0..<steps {
            time += UInt64(rng.int(1..<2_000))
            let i = rng.int(0..<nodes.count)
            let doc = rng.pick(Self.documents)
            let roll = rng.int(0..<100)
            switch roll {
            case 0..<36: edit(i, doc)
            case 36..<42: delete(i, doc.id)
            case 42..<50: resolve(i, doc)
            case 50..<88: gossip(from: i, to: rng.int(0..<nodes.count))
            case 88..<95: repartition()
            case 95..<98: snapshots[i] = nodes[i]; trace.append("snapshot \(nodes[i].name)")
            default: restore(i)
            }
            if !problems.isEmpty { return }
        }
    }

    // MARK: actions

    mutating func edit(_ i: Int, _ doc: (id: String, kind: DocumentKind, longField: String)) {
        guard mayWrite(i) else { return }
        let view = nodes[i].view(doc.id, now: now(i))
        var content: Content
        if let view, !view.tombstone {
            content = view.content
            for _ in 0..<rng.int(1..<4) { mutate(&content, longField: doc.longField) }
        } else {
            content = Content()
            content["title"] = .text(rng.pick(Self.titles))
            content["tags"] = .list([rng.pick(Self.tagPool)])
            content[doc.longField] = .text("intro\n\nmiddle \(rng.int(0..<3))\n\nend")
        }
        let r = nodes[i].write(doc.id, kind: doc.kind, content, now: now(i))
        trace.append("\(nodes[i].name) writes \(r.revisionID) on \(doc.id)")
    }

    mutating func mutate(_ c: inout Content, longField: String) {
        switch rng.int(0..<7) {
        case 0: c["title"] = .text(rng.pick(Self.titles))
        case 1: c["summary"] = rng.chance(0.2) ? nil : .text(rng.pick(Self.summaries))
        case 2: c["category"] = .text(rng.pick(Self.categories))
        case 3: c["tags"] = .list(c.list("tags") + [rng.pick(Self.tagPool)])
        case 4:
            let tags = c.list("tags")
            if !tags.isEmpty { c["tags"] = .list(tags.filter { $0 != rng.pick(tags) }) }
        default:
            var ps = ParagraphMerge.paragraphs(c.text(longField))
            let word = "para \(rng.int(0..<12))"
            switch rng.int(0..<3) {
            case 0 where !ps.isEmpty: ps[rng.int(0..<ps.count)] = word
            case 1 where ps.count > 1: ps.remove(at: rng.int(0..<ps.count))
            default: ps.insert(word, at: rng.int(0..<(ps.count + 1)))
            }
            c[longField] = .text(ParagraphMerge.join(ps))
        }
    }

    mutating func delete(_ i: Int, _ doc: String) {
        guard mayWrite(i), let view = nodes[i].view(doc, now: now(i)), !view.tombstone else { return }
        let r = nodes[i].write(doc, kind: view.kind, Content(), tombstone: true, now: now(i))
        trace.append("\(nodes[i].name) deletes \(doc) as \(r.revisionID)")
    }

    mutating func resolve(_ i: Int, _ doc: (id: String, kind: DocumentKind, longField: String)) {
        guard let view = nodes[i].view(doc.id, now: now(i)), view.needsResolution else { return edit(i, doc) }
        guard mayWrite(i) else { return }
        let live = view.siblings.filter { !$0.tombstone }
        let choice: Resolution
        switch rng.int(0..<4) {
        case 0: choice = .keep(rng.pick(view.siblings).dot)
        case 1: choice = .fields(Dictionary(uniqueKeysWithValues: view.conflicts.map { ($0.field, rng.pick(live).dot) }))
        case 2: choice = .content(view.content)
        default: choice = .delete
        }
        do {
            let draft = try choice.draft(for: view)
            if draft.context != nodes[i].state(doc.id).clock {
                problems.append("resolution context \(draft.context.sortedEntries) differs from the clock")
            }
            let r = nodes[i].write(doc.id, kind: doc.kind, draft.content, tombstone: draft.tombstone, now: now(i),
                                   context: draft.context)
            trace.append("\(nodes[i].name) resolves \(doc.id) with \(Self.describe(choice)) as \(r.revisionID)")
        } catch {
            problems.append("resolution failed: \(error)")
        }
    }

    /// A fixed rendering (a dictionary's own description changes order from run to run).
    static func describe(_ choice: Resolution) -> String {
        switch choice {
        case .keep(let dot): return "keep \(dot)"
        case .fields(let map): return "fields " + map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .content: return "content"
        case .delete: return "delete"
        }
    }

    mutating func gossip(from i: Int, to j: Int) {
        guard i != j, reachable(i, j) else { return }
        compareEpochs(i, with: j)
        compareEpochs(j, with: i)
        var batch = nodes[i].allRevisions.filter { _ in rng.chance(0.7) }
        batch += batch.filter { _ in rng.chance(0.15) }
        var delivered = 0
        for r in rng.shuffled(batch) where !rng.chance(0.1) {
            nodes[j].receive(r, now: now(j))
            delivered += 1
        }
        trace.append("\(nodes[i].name) -> \(nodes[j].name): \(delivered) of \(batch.count)")
        checkSameHistorySameView(i, j)
    }

    mutating func repartition() {
        if partition != nil && rng.chance(0.5) {
            partition = nil
        } else {
            partition = nodes.indices.map { _ in rng.int(0..<2) }
        }
        trace.append("partition \(partition.map { "\($0)" } ?? "healed")")
    }

    mutating func restore(_ i: Int) {
        guard let backup = snapshots[i] else { return }
        nodes[i] = backup
        uncheckedPeers[i] = Set(nodes.indices).subtracting([i])
        trace.append("restore \(nodes[i].name) to counter \(backup.counter) as \(backup.actor)")
    }

    // MARK: restored nodes

    /// A restored node compares its counter with a peer's clock (and its own,
    /// which may already hold its forgotten writes) and changes epoch if needed.
    mutating func compareEpochs(_ i: Int, with j: Int) {
        guard uncheckedPeers[i] != nil else { return }
        let seen = nodes[j].nodeClock.union(nodes[i].nodeClock)
        if case .advance(let actor) = ActorEpoch.check(localActor: nodes[i].actor, localCounter: nodes[i].counter,
                                                        peerClock: seen) {
            trace.append("\(nodes[i].name) moves from \(nodes[i].actor) to \(actor)")
            nodes[i].actor = actor
            nodes[i].counter = 0
        }
        uncheckedPeers[i]?.remove(j)
        if uncheckedPeers[i]?.isEmpty == true { uncheckedPeers[i] = nil }
    }

    /// A restored node writes only once it has compared clocks with every peer it can reach now
    /// (and with all of them eventually: the unreachable ones stay on the list).
    mutating func mayWrite(_ i: Int) -> Bool {
        guard let pending = uncheckedPeers[i] else { return true }
        for j in pending.sorted() where reachable(i, j) { compareEpochs(i, with: j) }
        return uncheckedPeers[i] == nil
    }

    // MARK: checks

    /// Two nodes holding the same revisions of a document must show the same view.
    mutating func checkSameHistorySameView(_ i: Int, _ j: Int) {
        for doc in Self.documents where nodes[i].revisions(doc.id) == nodes[j].revisions(doc.id) {
            let t = time
            if nodes[i].state(doc.id) != nodes[j].state(doc.id)
                || nodes[i].view(doc.id, now: t) != nodes[j].view(doc.id, now: t) {
                problems.append("\(nodes[i].name) and \(nodes[j].name) hold the same revisions of \(doc.id) but differ")
            }
        }
    }

    /// Heals the partition, delivers every revision to every node (in random
    /// order, with duplicates), and checks that all nodes agree.
    mutating func finish() {
        partition = nil
        var merged = [String: DocumentState]()
        for doc in Self.documents {
            merged[doc.id] = nodes.reduce(DocumentState()) { $0.merging($1.state(doc.id)) }
        }
        var everything: [Dot: Revision] = [:]
        for n in nodes { for r in n.allRevisions where everything[r.dot] == nil { everything[r.dot] = r } }
        let all = everything.values.sorted { $0.dot < $1.dot }
        for i in nodes.indices {
            for r in rng.shuffled(all + all.filter { _ in rng.chance(0.2) }) { nodes[i].receive(r, now: now(i)) }
        }

        let t = time
        let reference = fingerprint(0, now: t)
        for i in nodes.indices {
            let f = fingerprint(i, now: t)
            if f != reference {
                problems.append("\(nodes[i].name) differs from \(nodes[0].name):\n\(f)\nversus\n\(reference)")
            }
            for doc in Self.documents {
                if nodes[i].revisions(doc.id) != nodes[0].revisions(doc.id) { problems.append("histories differ on \(doc.id)") }
                if nodes[i].state(doc.id) != nodes[0].state(doc.id) { problems.append("states differ on \(doc.id)") }
                if nodes[i].view(doc.id, now: t) != nodes[0].view(doc.id, now: t) { problems.append("views differ on \(doc.id)") }
            }
        }
        for doc in Self.documents {
            let s = nodes[0].state(doc.id)
            if s != merged[doc.id] { problems.append("merging the nodes' states differs from exchanging revisions on \(doc.id)") }
            let history = all.filter { $0.documentID == doc.id }
            let concurrent = history.filter { r in !history.contains { $0.context.covers(r.dot) } }
            if s.siblings != concurrent {
                problems.append("\(doc.id): siblings \(s.siblings.map(\.revisionID)) but truly concurrent \(concurrent.map(\.revisionID))")
            }
            var clock = VersionVector()
            for r in history { clock.formUnion(r.context); clock.add(r.dot) }
            if s.clock != clock { problems.append("\(doc.id): clock \(s.clock.sortedEntries) but expected \(clock.sortedEntries)") }
        }
    }

    /// After `finish()`: two nodes resolve every remaining conflict at once,
    /// making the same choice; once exchanged, no conflict may remain and the
    /// two resolutions must count as one version.
    mutating func settle() {
        guard nodes.count >= 2 else { return }
        for i in nodes.indices { for j in nodes.indices where j != i { compareEpochs(i, with: j) } }
        let p = rng.int(0..<nodes.count), q = (p + 1 + rng.int(0..<(nodes.count - 1))) % nodes.count
        let t = time + 1_000
        for doc in Self.documents {
            guard let view = nodes[p].view(doc.id, now: t), view.siblings.count > 1 else { continue }
            let choice = rng.chance(0.5) ? Resolution.keep(view.winner.dot) : .content(view.content)
            guard let dp = try? choice.draft(for: view),
                  let otherView = nodes[q].view(doc.id, now: t), let dq = try? choice.draft(for: otherView), dp == dq else {
                problems.append("\(doc.id): the same resolution gives different drafts on two nodes")
                continue
            }
            let rp = nodes[p].write(doc.id, kind: doc.kind, dp.content, tombstone: dp.tombstone, now: t, context: dp.context)
            let rq = nodes[q].write(doc.id, kind: doc.kind, dq.content, tombstone: dq.tombstone, now: t, context: dq.context)
            for i in nodes.indices { nodes[i].receive(rp, now: t); nodes[i].receive(rq, now: t) }
            for i in nodes.indices {
                guard let v = nodes[i].view(doc.id, now: t) else { continue }
                if v.siblings.count != 2 || v.needsResolution || v.distinctVersionCount != 1 || ConflictReport(view: v) != nil {
                    problems.append("\(doc.id): after a double resolution \(nodes[i].name) shows \(v.siblings.count) siblings, "
                                    + "conflicts \(v.conflicts.map(\.field)), delete conflict \(v.deleteConflict)")
                }
                if v != nodes[0].view(doc.id, now: t) { problems.append("\(doc.id): views differ after the double resolution") }
            }
        }
    }

    /// Everything a node shows or keeps of the documents, as text.
    func fingerprint(_ i: Int, now: UInt64) -> String {
        var lines: [String] = []
        for doc in Self.documents {
            let s = nodes[i].state(doc.id)
            lines.append("\(doc.id) clock \(s.clock.sortedEntries.map { "\($0.actor):\($0.counter)" })")
            lines.append("  history \(nodes[i].revisions(doc.id).map(\.revisionID))")
            lines.append("  siblings \(s.siblings.map(\.revisionID))")
            guard let v = nodes[i].view(doc.id, now: now) else { continue }
            lines.append("  view \(ContentHash.of(v.content, tombstone: v.tombstone)) winner \(v.winner.revisionID) "
                         + "conflicts \(v.conflicts.map(\.field)) deleteConflict \(v.deleteConflict) skewed \(v.skewed)")
            if let report = ConflictReport(view: v) { lines.append(report.description) }
        }
        return lines.joined(separator: "\n")
    }
}
