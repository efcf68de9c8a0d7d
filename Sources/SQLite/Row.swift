/// One result row, copied out of the statement.
public struct Row: Sendable {
    public let values: [SQLiteValue]

    public subscript(i: Int) -> SQLiteValue { values[i] }

    public func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .integer(let v): return v
        case .real(let d): return Int64(d)
        case .text(let s): return Int64(s) ?? 0
        default: return 0
        }
    }

    public func string(_ i: Int) -> String {
        switch values[i] {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let d): return String(d)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return ""
        }
    }

    public func optionalString(_ i: Int) -> String? {
        if case .null = values[i] { return nil }
        return string(i)
    }

    public func double(_ i: Int) -> Double {
        switch values[i] {
        case .real(let d): return d
        case .integer(let v): return Double(v)
        default: return 0
        }
    }

    public func blob(_ i: Int) -> [UInt8] {
        switch values[i] {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return []
        }
    }
}
