/// Conditional GET for pages and feeds (RFC 9110 §13): the entity tag names
/// the store's change-log head and the request, so it changes exactly when
/// the node learns or writes a revision; `Last-Modified` is the time of the
/// newest revision. Feed readers poll with these and get 304s in between.
package struct ConditionalGet: Sendable, Equatable {
    package var etag: String
    /// Seconds since 1970, or nil when the store is empty.
    package var lastModified: Int64?

    /// - Parameters:
    ///   - headSeq: the store's last change-log sequence number.
    ///   - key: the route and query, so different pages get different tags.
    package init(headSeq: Int64, key: String, lastModifiedMillis: UInt64?) {
        etag = "\"\(headSeq)-\(ConditionalGet.fnv1a(key))\""
        lastModified = lastModifiedMillis.map { Int64($0 / 1000) }
    }

    /// True when the client's copy is current. `If-None-Match` wins over
    /// `If-Modified-Since` when both are sent.
    package func notModified(ifNoneMatch: [String], ifModifiedSince: String?) -> Bool {
        if !ifNoneMatch.isEmpty {
            let tags = ifNoneMatch.flatMap { $0.split(separator: ",").map(String.init) }.map { tag -> String in
                let t = tag.trimmingWhitespace
                return t.hasPrefix("W/") ? String(t.dropFirst(2)) : t
            }
            return tags.contains("*") || tags.contains(etag)
        }
        guard let since = ifModifiedSince.flatMap(WebDate.parseHTTP), let lastModified else { return false }
        return lastModified <= since
    }

    /// The headers both the 200 and the 304 carry.
    package var headers: [(String, String)] {
        var h = [("ETag", etag), ("Cache-Control", "no-cache")]
        if let lastModified { h.append(("Last-Modified", WebDate.http(seconds: lastModified))) }
        return h
    }

    /// 64-bit FNV-1a, in hex: short, stable across runs and platforms.
    static func fnv1a(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
