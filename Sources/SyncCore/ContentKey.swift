/// A sibling's "version" for the rule that identical concurrent edits count once.
struct ContentKey: Hashable {
    var tombstone: Bool
    var content: Content
}
