/// One `--option` of a command.
struct OptionSpec: Sendable {
    var name: String
    /// Nil for a flag; the placeholder (`DIR`, `N`) for an option with a value.
    var value: String?
    var help: String
    var repeatable: Bool = false
    var short: Character? = nil

    static func flag(_ name: String, _ help: String, short: Character? = nil) -> OptionSpec {
        OptionSpec(name: name, value: nil, help: help, short: short)
    }

    static func value(_ name: String, _ placeholder: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, repeatable: repeatable)
    }
}
