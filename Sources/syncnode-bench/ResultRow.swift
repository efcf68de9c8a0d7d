/// One line of a benchmark table: a figure, its value, the floor measured
/// in the same run (if any), their ratio and the target.
struct ResultRow {
    var figure: String
    var value: String
    var floor: String = "-"
    var ratio: String = "-"
    var target: String = "-"
    /// Whether the target is met; nil when there is no target.
    var met: Bool? = nil
}
