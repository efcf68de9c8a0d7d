/// Thrown inside a check to end it as skipped with a reason.
struct CheckSkipped: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
