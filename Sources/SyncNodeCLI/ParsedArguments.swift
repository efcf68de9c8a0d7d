/// The options and positionals of one invocation, checked against the spec.
struct ParsedArguments {
    var command: [String]
    var options: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// An integer option, with a usage error naming the option when malformed.
    func int(_ name: String, default d: Int, range: ClosedRange<Int> = 1...1_000_000) throws -> Int {
        guard let s = value(name) else { return d }
        guard let n = Int(s), range.contains(n) else {
            throw UsageError(message: "Invalid value '\(s)' for '--\(name)': expected a whole number from \(range.lowerBound) to \(range.upperBound)", command: command)
        }
        return n
    }
}
