/// One positional argument of a command.
struct ArgumentSpec: Sendable {
    var name: String
    var help: String
    var optional: Bool = false
    var variadic: Bool = false
}
