/// Thrown inside a check to end it as failed with a reason.
struct CheckFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
