import XCTest
@testable import SyncCore

final class DocumentStateTests: XCTestCase {
    func testApplyOutcomes() {
        var s = DocumentState()
        let r1 = Fx.rev("a:1", Fx.article(title: "1"))
        let r2 = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "2"))
        let b1 = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "b"))
        XCTAssertEqual(s.apply(r1), .added)
        XCTAssertEqual(s.apply(r1), .alreadyKnown)
        XCTAssertEqual(s.apply(r2), .added)
        XCTAssertEqual(s.siblings, [r2])
        XCTAssertEqual(s.apply(r1), .obsolete, "a superseded revision arriving again must not come back")
        XCTAssertEqual(s.apply(b1), .added)
        XCTAssertEqual(s.siblings, [r2, b1])
        XCTAssertEqual(s.clock, VersionVector(["a": 2, "b": 1]))
        let merge = Fx.rev("a:3", context: ["a": 2, "b": 1], Fx.article(title: "m"))
        XCTAssertEqual(s.apply(merge), .added)
        XCTAssertEqual(s.siblings, [merge])
    }

    func testARevisionArrivingAfterItsSuccessorIsObsolete() {
        var s = DocumentState()
        let r1 = Fx.rev("a:1", Fx.article(title: "1"))
        let r2 = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "2"))
        XCTAssertEqual(s.apply(r2), .added)
        XCTAssertEqual(s.apply(r1), .obsolete)
        XCTAssertEqual(s.siblings, [r2])
    }

    func testInitNormalisesStoredState() {
        let r1 = Fx.rev("a:1")
        let r2 = Fx.rev("b:1", context: ["a": 1])
        let c1 = Fx.rev("c:1")
        let s = DocumentState(siblings: [c1, r2, r1], clock: VersionVector())
        XCTAssertEqual(s.siblings, [r2, c1])
        XCTAssertEqual(s.clock, VersionVector(["a": 1, "b": 1, "c": 1]))
    }

    func testTwoRevisionsWithOneDotResolveTheSameWayInEitherOrder() {
        let base = Fx.rev("a:1", Fx.article(title: "T"))
        let old = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "before the backup was lost"))
        let reused = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "after restore, same counter"))
        let other = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "b"))
        var x = DocumentState(), y = DocumentState()
        for r in [base, old, other, reused] { x.apply(r) }
        for r in [reused, other, base, old] { y.apply(r) }
        XCTAssertEqual(x, y)
        XCTAssertEqual(x.siblings.count, 2)
        var left = DocumentState(), right = DocumentState()
        left.apply(old)
        right.apply(reused)
        XCTAssertEqual(left.merging(right), right.merging(left))
        let kept = DocumentState.keepsFirst(old, over: reused) ? old : reused
        XCTAssertEqual(left.merging(right).siblings, [kept])
        XCTAssertTrue(x.siblings.contains(kept))
    }

    /// A node restored without a new epoch wrote a:2 again, having seen c:1
    /// this time. Whichever twin the digest rule keeps, the state must be the
    /// same for every arrival order: the losing twin's context still counts,
    /// so c:1 is superseded either way. (Keeping the first arrival of a dot
    /// instead fails this.)
    func testAReusedDotGivesTheSameStateInEveryArrivalOrder() {
        let base = Fx.rev("a:1", Fx.article(title: "T"))
        let other = Fx.rev("c:1", context: ["a": 1], Fx.article(title: "c"))
        var cases = Set<Bool>()  // whether the kept twin is the one that saw c:1
        for i in 0..<40 where cases.count < 2 {
            let old = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "before the restore \(i)"))
            let reused = Fx.rev("a:2", context: ["a": 1, "c": 1], Fx.article(title: "after the restore \(i)"))
            let keptSawOther = DocumentState.keepsFirst(reused, over: old)
            guard cases.insert(keptSawOther).inserted else { continue }
            let expected = state(of: [base, other, old, reused])
            XCTAssertEqual(expected.siblings, [keptSawOther ? reused : old])
            XCTAssertEqual(expected.clock, VersionVector(["a": 2, "c": 1]))
            for order in Fx.permutations([base, other, old, reused]) {
                XCTAssertEqual(state(of: order), expected, "order \(order.map(\.content))")
            }
            XCTAssertEqual(state(of: [base, other, old]).merging(state(of: [reused])), expected)
            XCTAssertEqual(state(of: [reused]).merging(state(of: [old, base, other])), expected)
        }
        XCTAssertEqual(cases, [true, false], "both twins must have been the kept one once")
    }

    // MARK: merge algebra

    /// A random causal history: `actors` write, each with the context of
    /// what it has seen, learning each other's revisions at random.
    private func randomHistory(_ rng: inout SplitMix64, actors: [String], writes: Int) -> [Revision] {
        var knowledge = [String: DocumentState]()
        var counters = [String: UInt64]()
        var all: [Revision] = []
        for _ in 0..<writes {
            let actor = rng.pick(actors)
            for _ in 0..<rng.int(0..<3) where !all.isEmpty {
                knowledge[actor, default: DocumentState()].apply(rng.pick(all))
            }
            counters[actor, default: 0] += 1
            let r = Fx.rev("\(actor):\(counters[actor]!)", context: knowledge[actor, default: DocumentState()].clock.entries,
                           millis: UInt64(rng.int(0..<5_000)), tombstone: rng.chance(0.1),
                           Fx.article(title: "t\(rng.int(0..<4))"))
            knowledge[actor, default: DocumentState()].apply(r)
            all.append(r)
        }
        return all
    }

    private func state(of revisions: [Revision]) -> DocumentState {
        var s = DocumentState()
        for r in revisions { s.apply(r) }
        return s
    }

    func testMergeIsCommutativeAssociativeIdempotentAndAgreesWithApply() {
        continueAfterFailure = false  // one failing seed is enough to read
        for seed in UInt64(1)...300 {
            var rng = SplitMix64(seed: seed)
            let all = randomHistory(&rng, actors: ["a", "b", "c", "d"], writes: rng.int(1..<25))
            let subsets = (0..<3).map { _ in rng.shuffled(all.filter { _ in rng.chance(0.5) }) }
            let (a, b, c) = (state(of: subsets[0]), state(of: subsets[1]), state(of: subsets[2]))
            XCTAssertEqual(a.merging(b), b.merging(a), "commutative, seed \(seed)")
            XCTAssertEqual(a.merging(b).merging(c), a.merging(b.merging(c)), "associative, seed \(seed)")
            XCTAssertEqual(a.merging(a), a, "idempotent, seed \(seed)")
            XCTAssertEqual(a.merging(DocumentState()), a, "identity, seed \(seed)")
            XCTAssertEqual(a.merging(b), state(of: rng.shuffled(subsets[0] + subsets[1] + subsets[1])),
                           "merge equals applying both sets in any order, with duplicates, seed \(seed)")
            // Siblings are exactly the revisions no other known revision covers.
            let known = subsets[0]
            let expected = Set(known.filter { r in !known.contains { $0.context.covers(r.dot) } })
            XCTAssertEqual(Set(a.siblings), expected, "seed \(seed)")
        }
    }

    // MARK: the stale-context interleaving

    /// Two (then three) writers keep writing with the context of their own
    /// last write only, never seeing each other. A naive store that keeps a
    /// version unless the new one's clock dominates it piles up siblings when
    /// the writers share one actor; a dotted store keeps exactly one per
    /// writer, the truly concurrent ones. Each writer is its own actor here,
    /// as every syncnode node is (a write always covers the actor's earlier
    /// writes of the document): one actor writing with stale contexts cannot
    /// be told apart from one that saw its earlier writes once the clock
    /// covers them, so only its latest write is kept, in any arrival order.
    func testStaleContextsDoNotExplodeSiblings() {
        for writers in [2, 3] {
            var s = DocumentState()
            var lastContext = [VersionVector](repeating: VersionVector(), count: writers)
            var all: [Revision] = []
            for round in 1...60 {
                let w = round % writers
                let r = Revision(documentID: "doc-1", kind: .article, dot: Dot(actor: "n\(w)", counter: UInt64(round)),
                                 context: lastContext[w], author: "n", timestamp: HybridTimestamp(millis: UInt64(round)),
                                 tombstone: false, content: Fx.article(title: "w\(w) r\(round)"))
                XCTAssertEqual(s.apply(r), .added)
                all.append(r)
                lastContext[w] = VersionVector(["n\(w)": UInt64(round)])
                let concurrent = all.filter { x in !all.contains { $0.context.covers(x.dot) } }.sorted { $0.dot < $1.dot }
                XCTAssertEqual(s.siblings, concurrent, "round \(round)")
                XCTAssertEqual(s.siblings.count, min(round, writers), "round \(round)")
            }
            XCTAssertEqual(state(of: all.reversed()), s, "arrival order must not matter")
        }
        let shared = (1...6).map { Fx.rev("n:\($0)", context: $0 > 2 ? ["n": UInt64($0 - 2)] : [:], Fx.article(title: "\($0)")) }
        XCTAssertEqual(state(of: shared).siblings, [shared[5]])
        XCTAssertEqual(state(of: shared.reversed()), state(of: shared))
    }

    /// Across nodes: b only ever sees a's revisions two writes late. Each of
    /// b's writes supersedes what it saw, so an observer holds exactly the
    /// writes that no later write has seen.
    func testLaggingNodeSiblingsEqualTrulyConcurrentWrites() {
        var a = TestNode("a"), b = TestNode("b")
        var observer = DocumentState()
        var all: [Revision] = []
        var inFlight: [Revision] = []
        for step in 0..<80 {
            let ra = a.write("doc-1", Fx.article(title: "a\(step)"), now: UInt64(step))
            inFlight.append(ra)
            if inFlight.count > 2 { b.receive(inFlight.removeFirst(), now: UInt64(step)) }
            let rb = b.write("doc-1", Fx.article(title: "b\(step)"), now: UInt64(step))
            a.receive(rb, now: UInt64(step))
            for r in [ra, rb] { observer.apply(r); all.append(r) }
            let concurrent = all.filter { x in !all.contains { $0.context.covers(x.dot) } }.sorted { $0.dot < $1.dot }
            XCTAssertEqual(observer.siblings, concurrent, "step \(step)")
            XCTAssertLessThanOrEqual(observer.siblings.count, 2, "step \(step)")
        }
    }
}
