import SyncNode

/// One value per demo city (its node home, its server). A lookup of a city
/// the demo has not set up throws a `NodeError` naming the city and what is
/// there, instead of trapping on a force-unwrap.
struct CityTable<Value> {
    /// What the values are, for the error ("node home", "server").
    let what: String
    private var values: [String: Value] = [:]

    init(of what: String) {
        self.what = what
    }

    /// The cities with a value, sorted.
    var cities: [String] { values.keys.sorted() }

    /// Every value, in city order.
    var all: [Value] { cities.compactMap { values[$0] } }

    mutating func set(_ city: String, _ value: Value) {
        values[city] = value
    }

    mutating func removeAll() {
        values.removeAll()
    }

    /// - Throws: `NodeError` (`.failure`: a step of the demo is out of order) when `city` has no value.
    func get(_ city: String) throws -> Value {
        guard let value = values[city] else {
            let known = cities.isEmpty ? "none yet" : cities.joined(separator: ", ")
            throw NodeError(.failure, "the demo has no \(what) for \(city) (it has: \(known)); a step of the demo ran out of order")
        }
        return value
    }
}
