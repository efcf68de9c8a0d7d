import SyncCore

/// Builds the web view's own links (paths and query strings, percent-encoded)
/// and decides which stored URLs may become links at all.
package enum WebLink {
    package static let style = "/static/style.css"
    package static let front = "/"
    package static let search = "/search"
    package static let feed = "/feed.atom"
    package static let searchFeed = "/search/feed.atom"

    package static func document(_ id: String) -> String { "/doc/" + encode(id) }
    package static func city(_ name: String) -> String { "/city/" + encode(name) }
    package static func category(_ name: String) -> String { "/category/" + encode(name) }
    package static func cityFeed(_ name: String) -> String { city(name) + "/feed.atom" }
    package static func categoryFeed(_ name: String) -> String { category(name) + "/feed.atom" }

    /// `path?name=value&...` with the items percent-encoded; just `path` when there are none.
    package static func with(_ path: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (UTF-8
    /// first, so `Zürich` becomes `Z%C3%BCrich`).
    package static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    /// The URL when it may be a link: what the schema accepts (absolute
    /// http or https with a host, no whitespace), checked again here since
    /// the page cannot know who validated it, and free of control
    /// characters. Anything else (`javascript:`, `data:`, relative paths) is
    /// shown as text only.
    package static func external(_ url: String) -> String? {
        guard DocumentSchema.isURL(url), url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return nil }
        return url
    }
}
