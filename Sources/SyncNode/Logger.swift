import FoundationEssentials
import SyncCore

/// One line per event on stderr: `2026-11-25T10:00:00Z event key=value ...`,
/// or one JSON object per line with `--log-format json`.
package struct Logger: Sendable {
    package var format: LogFormat
    package var enabled: Bool

    package init(format: LogFormat = .text, enabled: Bool = true) {
        self.format = format
        self.enabled = enabled
    }

    package func event(_ name: String, _ fields: [String: String] = [:]) {
        guard enabled else { return }
        let time = WallClock.iso8601(WallClock.nowMillis())
        let line: String
        switch format {
        case .json:
            var o: [String: JSONValue] = ["time": .string(time), "event": .string(name)]
            for (k, v) in fields { o[k] = .string(v) }
            line = JSONValue.object(o).text
        case .text:
            let kv = fields.keys.sorted().map { k in
                let v = fields[k]!
                return v.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) ? "\(k)=\"\(v.replacing("\"", with: "'"))\"" : "\(k)=\(v)"
            }
            line = ([time, name] + kv).joined(separator: " ")
        }
        StandardStream.error.write(line + "\n")
    }

}
