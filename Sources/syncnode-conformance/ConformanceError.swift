/// Why the suite could not run at all (as opposed to a failed check).
enum ConformanceError: Error, CustomStringConvertible {
    case usage(String)
    case setup(String)

    var description: String {
        switch self {
        case .usage(let m): return m.isEmpty ? ConformanceOptions.usage : "\(m)\n\(ConformanceOptions.usage)"
        case .setup(let m): return "cannot run the suite: \(m)"
        }
    }
}
