import SyncCore

/// Reading numbers out of the children's JSON results.
extension JSONValue {
    var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    var intValue: Int? {
        if case .number(let text) = self { return Int(text) ?? Double(text).map { Int($0) } }
        return nil
    }
}
