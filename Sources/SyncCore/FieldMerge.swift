/// The field-level merge of concurrent live siblings against their common
/// base. Pure: the result depends only on the set of siblings, the base and
/// (for tags) the history between them, never on input order.
///
/// Rules, by field:
/// - `tags` (a set): a tag added by any sibling survives; a tag of the base
///   that some sibling removed is removed, unless another sibling *touched*
///   it (see `retouchedTags`), in which case it stays (add wins).
/// - `body`, `notes` (long text): if at most one distinct changed value, take
///   it; otherwise merge paragraph by paragraph (`ParagraphMerge`); edits
///   overlapping in one place are a conflict.
/// - every other field (scalar text): no sibling changed it → base; one
///   distinct changed value → that value; several → a conflict.
/// A conflicted field shows the base value, or the winner's when there is no base.
enum FieldMerge {
    static let setFields: Set<String> = ["tags"]
    static let paragraphFields: Set<String> = ["body", "notes"]

    /// - Parameters:
    ///   - live: the live siblings, sorted by dot (at least one).
    ///   - base: the merge base's content, or nil when there is no live base.
    ///   - undecided: fields a virtual base left in conflict: every sibling's
    ///     value counts as a change there, and long text is not merged by
    ///     paragraph (there is no agreed text to merge against).
    ///   - winner: the displayed winner (a member of `live`).
    ///   - retouched: per sibling, the base tags it touched (see `retouchedTags`).
    static func merge(live: [Revision], base: Content?, undecided: Set<String> = [], winner: Revision,
                      retouched: [Dot: Set<String>]) -> (content: Content, conflicts: [FieldConflict]) {
        var names = Set<String>()
        for s in live { names.formUnion(s.content.fields.keys) }
        if let base { names.formUnion(base.fields.keys) }

        var content = Content()
        var conflicts: [FieldConflict] = []
        for name in names.sorted() {
            let baseValue = base?[name]
            if setFields.contains(name) {
                content[name] = .list(mergeSet(name, live: live, base: base, retouched: retouched))
                continue
            }
            let open = undecided.contains(name)
            var changed: [FieldValue?] = []
            for s in live where (open || s.content[name] != baseValue) && !changed.contains(s.content[name]) {
                changed.append(s.content[name])
            }
            var merged: FieldValue?? = nil
            if changed.isEmpty {
                merged = .some(baseValue)
            } else if changed.count == 1 {
                merged = .some(changed[0])
            } else if !open, paragraphFields.contains(name),
                      let text = ParagraphMerge.merge(base: baseValue?.text ?? "",
                                                      versions: live.map { $0.content.text(name) }) {
                merged = .some(.text(text))
            }
            if let merged {
                content[name] = merged
            } else {
                content[name] = base != nil ? baseValue : winner.content[name]
                conflicts.append(FieldConflict(field: name, base: baseValue,
                                               values: live.map { SiblingValue(dot: $0.dot, value: $0.content[name]) }))
            }
        }
        return (content, conflicts)
    }

    static func mergeSet(_ name: String, live: [Revision], base: Content?, retouched: [Dot: Set<String>]) -> [String] {
        let sets = live.map { Set($0.content[name]?.list ?? []) }
        var all = Set<String>()
        for s in sets { all.formUnion(s) }
        guard let base else { return all.sorted() }
        let baseSet = Set(base[name]?.list ?? [])
        var result = all.subtracting(baseSet)                       // additions survive
        for tag in baseSet {
            let removed = sets.contains { !$0.contains(tag) }
            let touched = live.contains { retouched[$0.dot]?.contains(tag) ?? false }
            if !removed || touched { result.insert(tag) }
        }
        return result.sorted()
    }

    /// For each live sibling, the base tags it *touched*.
    ///
    /// Definition: sibling S touched base tag T when S has T and some revision
    /// R strictly between the base and S (R descends from every base ancestor:
    /// its context covers their dots; and S's context covers R's dot) lacked T
    /// or was a delete. That is, T was removed somewhere on S's causal path
    /// since the base and S has it again: S re-added it. A sibling that merely
    /// kept T all along did not touch it, so a concurrent removal wins over it;
    /// a re-add does not lose to a concurrent removal. For a virtual base the
    /// base tags are the ancestors' merged tags. Only `history` revisions of the
    /// same document count; with an empty history no tag is ever touched (plain
    /// three-way).
    static func retouchedTags(live: [Revision], base: MergeBase?, history: [Revision], field: String = "tags")
        -> [Dot: Set<String>] {
        guard let base, let content = base.content, let document = base.ancestors.first?.documentID else { return [:] }
        let baseTags = Set(content[field]?.list ?? [])
        guard !baseTags.isEmpty else { return [:] }
        let ancestors = Set(base.ancestors.map(\.dot))
        let between = history.filter { r in
            r.documentID == document && !ancestors.contains(r.dot) && ancestors.allSatisfy { r.context.covers($0) }
        }
        var result: [Dot: Set<String>] = [:]
        for s in live {
            let has = baseTags.intersection(s.content[field]?.list ?? [])
            guard !has.isEmpty else { continue }
            var touched = Set<String>()
            for r in between where r.dot != s.dot && s.context.covers(r.dot) {
                touched.formUnion(r.tombstone ? has : has.subtracting(r.content[field]?.list ?? []))
            }
            if !touched.isEmpty { result[s.dot] = touched }
        }
        return result
    }
}
