/// Keeps a flood from flooding the log: the first event of a kind from one
/// address is logged at once, later ones within `window` are only counted
/// and reported as one summary line when the window ends. 200 sockets of a
/// slowloris, reconnecting as fast as they are cut off, thus cost one line
/// per address and kind per minute instead of tens of thousands.
/// Pure bookkeeping with the clock passed in; `Watchdog` holds it in a mutex.
struct LogLimiter {
    struct Key: Hashable {
        let address: String
        let kind: String
    }

    private struct Window {
        let started: ContinuousClock.Instant
        var suppressed: Int
        var example: String
    }

    let window: Duration
    /// Most keys tracked at once; beyond that new keys are counted under one
    /// shared key, so many spoofed addresses cannot grow the table.
    let maxKeys: Int
    private var windows: [Key: Window] = [:]

    init(window: Duration, maxKeys: Int = 1024) {
        self.window = window
        self.maxKeys = maxKeys
    }

    /// The line to log now, or nil when the event is only counted.
    mutating func record(address: String, kind: String, line: String, now: ContinuousClock.Instant) -> String? {
        var key = Key(address: address, kind: kind)
        if windows[key] == nil && windows.count >= maxKeys { key = Key(address: "other addresses", kind: kind) }
        if var w = windows[key] {
            w.suppressed += 1
            w.example = line
            windows[key] = w
            return nil
        }
        windows[key] = Window(started: now, suppressed: 0, example: line)
        let seconds = window.components.seconds
        return line + " (further '\(kind)' events from \(address) are summarised every \(seconds) s)"
    }

    /// Summary lines of the windows that ended (one per address and kind
    /// that had more events). A window that had events opens the next one
    /// quietly, so a lasting flood costs one line per window; a quiet window
    /// is forgotten, and the next event is logged at once again.
    mutating func flush(now: ContinuousClock.Instant) -> [String] {
        var lines: [String] = []
        for (key, w) in windows where now - w.started >= window {
            windows[key] = w.suppressed > 0 ? Window(started: now, suppressed: 0, example: w.example) : nil
            if w.suppressed > 0 {
                lines.append("\(key.address): \(w.suppressed) more '\(key.kind)' events in the last \(window.components.seconds) s "
                             + "(latest: \(w.example))")
            }
        }
        return lines.sorted()
    }
}
