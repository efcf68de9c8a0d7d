/// One line of a benchmark table: a figure, its value, the floor measured
/// in the same run (if any), their ratio, the target, and what that floor
/// is (`FloorName`), so that no ratio is read against the wrong floor.
struct ResultRow {
    var figure: String
    var value: String
    var floor: String = "-"
    var ratio: String = "-"
    var target: String = "-"
    /// Whether the target is met; nil when there is no target.
    var met: Bool? = nil
    var comparedWith: String = FloorName.none
}
