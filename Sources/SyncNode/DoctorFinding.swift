import SyncCore

/// One result of `syncnode doctor`: what was checked, how it stands, and
/// (unless ok) what to do.
public struct DoctorFinding: Sendable, Equatable {
    public enum Level: String, Sendable {
        case ok, warning, problem
    }

    public var check: String
    public var level: Level
    public var message: String
    /// A peer's name for peer checks (a problem there is the peer's: exit 69).
    public var peer: String?

    public init(_ check: String, _ level: Level, _ message: String, peer: String? = nil) {
        self.check = check
        self.level = level
        self.message = message
        self.peer = peer
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["check": .string(check), "level": .string(level.rawValue), "message": .string(message)]
        if let peer { o["peer"] = .string(peer) }
        return .object(o)
    }
}
