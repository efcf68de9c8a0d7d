import SyncCore

/// The query of `GET /v1/changes?since=SEQ&limit=N`.
package struct ChangesQuery: Sendable, Hashable {
    /// Return log entries with a sequence number greater than this (0 = from the start).
    package var since: UInt64
    /// At most this many entries (1...`WireLimits.maxPageLimit`).
    package var limit: Int

    /// Leave out revisions authored by, or received from, this node: the
    /// requester names itself so that nothing it already has is echoed back.
    /// Part of the URL, so an HTTP cache keys pages on it too.
    package var exclude: String?

    package init(since: UInt64 = 0, limit: Int = WireLimits.defaultPageLimit, exclude: String? = nil) {
        self.since = since
        self.limit = limit
        self.exclude = exclude
    }

    /// The request target, e.g. `/v1/changes?since=0&limit=100&exclude=birmingham`.
    package var target: String {
        "/v1/changes?since=\(since)&limit=\(limit)" + (exclude.map { "&exclude=\($0)" } ?? "")
    }

    /// Splits a raw request target at the first `?` (a `#fragment` is
    /// dropped), with no percent-decoding: the protocol matches paths and
    /// parameters byte for byte as sent.
    package static func split(target: String) -> (path: Substring, query: Substring) {
        let noFragment = target.prefix { $0 != "#" }
        guard let mark = noFragment.firstIndex(of: "?") else { return (noFragment, "") }
        return (noFragment[..<mark], noFragment[noFragment.index(after: mark)...])
    }

    /// Parses a raw query string (`since=10&limit=100`), without
    /// percent-decoding: `limit=%31` is malformed, not 1. Empty pairs and
    /// unknown parameters are ignored; `since`, `limit` or `exclude` given
    /// twice, or without `=`, is an error.
    /// - Throws: `WireError` naming the parameter.
    package static func parse(rawQuery: Substring) throws(WireError) -> ChangesQuery {
        var values: [String: String] = [:]
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let name = String(pair.prefix { $0 != "=" })
            guard ["since", "limit", "exclude"].contains(name) else { continue }
            guard let eq = pair.firstIndex(of: "=") else {
                throw WireError(.invalidValue, field: name, "has no value: write \(name)=VALUE")
            }
            guard values[name] == nil else {
                throw WireError(.invalidValue, field: name, "is given more than once: send each parameter at most once")
            }
            values[name] = String(pair[pair.index(after: eq)...])
        }
        return try parse(since: values["since"], limit: values["limit"], exclude: values["exclude"])
    }

    /// Parses the query values (absent values take their defaults).
    /// - Throws: `WireError` naming `since` or `limit`.
    package static func parse(since: String?, limit: String?, exclude: String? = nil) throws(WireError) -> ChangesQuery {
        var q = ChangesQuery()
        if let exclude {
            do { try NodeName.validate(exclude) } catch {
                throw WireError(.invalidValue, field: "exclude", "must be a node name, got '\(exclude.prefix(40))'")
            }
            q.exclude = exclude
        }
        if let since {
            guard let n = UInt64(since), since.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw WireError(.invalidValue, field: "since", "must be a sequence number (a non-negative integer), got '\(since.prefix(40))'")
            }
            q.since = n
        }
        if let limit {
            guard let n = Int(limit), limit.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  (1...WireLimits.maxPageLimit).contains(n) else {
                throw WireError(.invalidValue, field: "limit", "must be an integer from 1 to \(WireLimits.maxPageLimit), got '\(limit.prefix(40))'")
            }
            q.limit = n
        }
        return q
    }
}
