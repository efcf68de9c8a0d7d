/// How log lines look: `text` for people, `json` for log collectors.
package enum LogFormat: String, Sendable {
    case text
    case json
}
