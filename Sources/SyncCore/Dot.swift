/// One write event: the `counter`-th write made by `actor`.
///
/// The actor is a city node (`birmingham`), or a node's later epoch
/// (`birmingham~2`) after it was restored from a backup; never a person.
package struct Dot: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var actor: String
    package var counter: UInt64

    package init(actor: String, counter: UInt64) {
        self.actor = actor
        self.counter = counter
    }

    package static func < (a: Dot, b: Dot) -> Bool {
        (a.actor, a.counter) < (b.actor, b.counter)
    }

    /// `actor:counter`, the form used in revision ids and on the CLI.
    package var description: String { "\(actor):\(counter)" }

    /// Parses `actor:counter`.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"),
              let n = UInt64(text[text.index(after: colon)...]) else { return nil }
        let actor = String(text[..<colon])
        guard !actor.isEmpty else { return nil }
        self.init(actor: actor, counter: n)
    }
}
