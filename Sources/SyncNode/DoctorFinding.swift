import SyncCore

/// One result of `syncnode doctor`: what was checked, how it stands, and
/// (unless ok) what to do.
package struct DoctorFinding: Sendable, Equatable {
    package enum Level: String, Sendable {
        case ok, warning, problem
    }

    package var check: String
    package var level: Level
    package var message: String
    /// A peer's name for peer checks (a problem there is the peer's: exit 69).
    package var peer: String?

    package init(_ check: String, _ level: Level, _ message: String, peer: String? = nil) {
        self.check = check
        self.level = level
        self.message = message
        self.peer = peer
    }

    package var json: JSONValue {
        var o: [String: JSONValue] = ["check": .string(check), "level": .string(level.rawValue), "message": .string(message)]
        if let peer { o["peer"] = .string(peer) }
        return .object(o)
    }
}
