@testable import SyncCore

/// A seeded, deterministic run of 3 to 5 nodes editing two documents:
/// edits to different and to the same fields, tags, paragraphs of the long
/// text, deletes and re-creations, conflict resolutions, backups and
/// restores (careful ones that move to a new epoch, and careless ones that
/// forget writes and reuse their dots); revisions travel in random order,
/// duplicated, dropped, and not at all across a partition. `finish()` heals
/// everything and checks that every node ends with the same state, history,
/// view and report; `settle()` and `crissCross()` then check what two
/// concurrent resolutions give.
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
    /// Nodes restored carelessly: they write on with their old counters,
    /// reusing dots other nodes may hold for other revisions, until `settle()`.
    var careless: Set<Int> = []
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
            case 88..<94: repartition()
            case 94..<97: snapshots[i] = nodes[i]; trace.append("snapshot \(nodes[i].name)")
            case 97: restore(i)
            default: forget(i, doc)
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
            // A reused dot's losing twin may have widened the clock beyond the siblings.
            let clock = nodes[i].state(doc.id).clock
            if draft.context != clock && !(nodes[i].hasReusedDots(doc.id) && clock.dominatesOrEquals(draft.context)) {
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
        var batch = nodes[i].allReceived.filter { _ in rng.chance(0.7) }
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
        careless.remove(i)
        trace.append("restore \(nodes[i].name) to counter \(backup.counter) as \(backup.actor)")
    }

    /// A restore that forgets the writes made since the snapshot and does not
    /// change epoch: the node writes at once, with counters it already used,
    /// so other nodes may hold two different revisions with one dot.
    mutating func forget(_ i: Int, _ doc: (id: String, kind: DocumentKind, longField: String)) {
        guard let backup = snapshots[i] else { return }
        nodes[i] = backup
        uncheckedPeers[i] = nil
        careless.insert(i)
        trace.append("restore \(nodes[i].name) to counter \(backup.counter) as \(backup.actor), forgetting its later writes")
        for _ in 0..<rng.int(1..<4) { edit(i, doc) }
    }

    /// Just before `finish()`: a node takes a backup, writes, sends its
    /// revisions to a peer, and is restored from that backup without changing
    /// epoch; writing again, it makes other revisions with the same dots, so
    /// the twins are still current when everything is exchanged.
    mutating func forgetAndRewrite() {
        guard nodes.count >= 2 else { return }
        let i = rng.int(0..<nodes.count), j = (i + 1 + rng.int(0..<(nodes.count - 1))) % nodes.count
        let doc = rng.pick(Self.documents)
        snapshots[i] = nodes[i]
        for _ in 0..<rng.int(1..<3) { edit(i, doc) }
        for r in nodes[i].allReceived { nodes[j].receive(r, now: now(j)) }
        forget(i, doc)
    }

    // MARK: restored nodes

    /// A restored node compares its counter with a peer's clock (and its own,
    /// which may already hold its forgotten writes) and changes epoch if needed.
    mutating func compareEpochs(_ i: Int, with j: Int) {
        guard uncheckedPeers[i] != nil, !careless.contains(i) else { return }
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
        for doc in Self.documents where nodes[i].receivedRevisions(doc.id) == nodes[j].receivedRevisions(doc.id) {
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
        var everything = Set<Revision>()
        for n in nodes { everything.formUnion(n.allReceived) }
        let all = MergeRules.canonicalSet(Array(everything))
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
                if nodes[i].receivedRevisions(doc.id) != nodes[0].receivedRevisions(doc.id)
                    || nodes[i].revisions(doc.id) != nodes[0].revisions(doc.id) { problems.append("histories differ on \(doc.id)") }
                if nodes[i].state(doc.id) != nodes[0].state(doc.id) { problems.append("states differ on \(doc.id)") }
                if nodes[i].view(doc.id, now: t) != nodes[0].view(doc.id, now: t) { problems.append("views differ on \(doc.id)") }
            }
        }
        for doc in Self.documents {
            let s = nodes[0].state(doc.id)
            if s != merged[doc.id] { problems.append("merging the nodes' states differs from exchanging revisions on \(doc.id)") }
            // Siblings: of each dot the twin the digest rule keeps, unless a
            // revision with another dot (either twin of it) supersedes it.
            let history = all.filter { $0.documentID == doc.id }
            let kept = nodes[0].revisions(doc.id)
            let concurrent = kept.filter { r in !history.contains { $0.dot != r.dot && DocumentState.supersedes($0, r) } }
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
        // Careless nodes finally compare clocks too (and move to a new epoch).
        for i in careless { uncheckedPeers[i] = Set(nodes.indices).subtracting([i]) }
        careless = []
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

    /// After `settle()`: two nodes give one document different new titles at
    /// once (sometimes also the same new summary), and once both edits have
    /// reached everyone, each resolves the title conflict with its own edit's
    /// title at once. Both resolutions descend from both edits (a criss-cross),
    /// so once exchanged every node must show a new title conflict between the
    /// two choices (and no summary conflict), and all nodes must agree.
    mutating func crissCross() {
        guard nodes.count >= 2 else { return }
        let p = rng.int(0..<nodes.count), q = (p + 1 + rng.int(0..<(nodes.count - 1))) % nodes.count
        let doc = rng.pick(Self.documents)
        var t = time + 2_000
        // Titles no earlier revision has, so each edit is a change from any base.
        let titles = ["criss \(seed)", "cross \(seed)"]
        let summary = rng.chance(0.5) ? "agreed \(seed)" : nil
        let shown = nodes[p].view(doc.id, now: t).flatMap { $0.tombstone || $0.needsResolution ? nil : $0.content }
        var edits: [Revision] = []
        for (i, title) in zip([p, q], titles) {
            var content = shown ?? Content()
            content["title"] = .text(title)
            if let summary { content["summary"] = .text(summary) }
            edits.append(nodes[i].write(doc.id, kind: doc.kind, content, now: t))
        }
        deliverEverywhere(edits, now: t)
        t += 1_000
        var resolutions: [Revision] = []
        for (i, edit) in zip([p, q], edits) {
            guard let view = nodes[i].view(doc.id, now: t), view.conflicts.contains(where: { $0.field == "title" }),
                  let draft = try? Resolution.fields(["title": edit.dot]).draft(for: view) else {
                problems.append("\(doc.id): the concurrent titles \(titles) did not conflict on \(nodes[i].name)")
                return
            }
            resolutions.append(nodes[i].write(doc.id, kind: doc.kind, draft.content, now: t, context: draft.context))
        }
        trace.append("\(nodes[p].name) and \(nodes[q].name) resolve \(doc.id) differently as "
                     + resolutions.map(\.revisionID).joined(separator: ", "))
        deliverEverywhere(resolutions, now: t)
        let reference = fingerprint(0, now: t)
        for i in nodes.indices {
            let v = nodes[i].view(doc.id, now: t)
            let title = v?.conflicts.first { $0.field == "title" }
            if v?.needsResolution != true || ConflictReport(view: v!)?.needsResolution != true
                || Set(title?.values.map(\.value) ?? []) != Set(titles.map { FieldValue.text($0) }) {
                problems.append("\(doc.id): after two different resolutions \(nodes[i].name) shows "
                                + "conflicts \(v?.conflicts.map(\.field) ?? []), title values \(title?.values.map(\.value) ?? [])")
            }
            if let summary, v?.content["summary"] != .text(summary) || v?.conflicts.contains(where: { $0.field == "summary" }) == true {
                problems.append("\(doc.id): the summary both resolutions agree on is not shown cleanly on \(nodes[i].name)")
            }
            if fingerprint(i, now: t) != reference { problems.append("\(nodes[i].name) differs after the criss-cross") }
        }
    }

    /// Every node receives `revisions`, shuffled, some twice.
    mutating func deliverEverywhere(_ revisions: [Revision], now t: UInt64) {
        for i in nodes.indices {
            for r in rng.shuffled(revisions + revisions.filter { _ in rng.chance(0.3) }) { nodes[i].receive(r, now: t) }
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
