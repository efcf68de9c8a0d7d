/// The result of one check, printed as one line.
enum CheckOutcome: Equatable {
    case pass
    case fail(String)
    case skip(String)

    func line(_ name: String) -> String {
        switch self {
        case .pass: return "pass \(name)"
        case .fail(let why): return "FAIL \(name): \(why)"
        case .skip(let why): return "skip \(name): \(why)"
        }
    }
}
