/// A request as an HTTP handler sees it: already framed, size-checked and,
/// with mutual TLS, authenticated by the transport.
///
/// A plain value built by the server wrapper; handlers never touch the wire.
package struct HTTPRequest: Sendable, Hashable {
    /// One `name=value` pair of the query string, percent-decoded.
    package struct QueryItem: Sendable, Hashable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET`, `POST`, ... exactly as sent (methods are case-sensitive).
    package var method: String
    /// The percent-decoded path without the query, e.g. `/v1/pages`.
    package var path: String
    /// The query items in the order they appear, percent-decoded (`+` is a space).
    package var queryItems: [QueryItem]
    /// The request target exactly as received: path plus `?query`, still encoded.
    package var target: String
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// The peer's IP address (`127.0.0.1`, `::1`), without the port.
    package var remoteAddress: String
    /// The RFC 4514 subject of the client certificate (`CN=birmingham`), set
    /// only when mutual TLS verified it against the configured client CA.
    package var clientCertificateSubject: String?
    /// The subject's common name (`birmingham`), set with the subject.
    package var clientCertificateCommonName: String?

    /// Builds a request from the raw target; `path` and `queryItems` are
    /// decoded from it.
    package init(
        method: String,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: String = "",
        clientCertificateSubject: String? = nil,
        clientCertificateCommonName: String? = nil
    ) {
        self.method = method
        self.target = target
        let (path, query) = Self.split(target: target)
        self.path = path
        self.queryItems = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.clientCertificateSubject = clientCertificateSubject
        self.clientCertificateCommonName = clientCertificateCommonName
    }

    /// The first value of the query item `name`, or nil.
    package func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Every value of the query item `name`, in order.
    package func queryValues(_ name: String) -> [String] {
        queryItems.filter { $0.name == name }.map(\.value)
    }

    /// The body read as UTF-8 (invalid sequences are replaced).
    package var bodyText: String { String(decoding: body, as: UTF8.self) }

    // MARK: - Target parsing (pure)

    /// Splits `/a%20b?x=1&y` into the decoded path `/a b` and the items
    /// `x=1`, `y=` (a `#fragment`, which clients must not send, is dropped).
    package static func split(target: String) -> (path: String, queryItems: [QueryItem]) {
        var bytes = Array(target.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { bytes.removeSubrange(hash...) }
        guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else {
            return (percentDecode(bytes[...], plusIsSpace: false), [])
        }
        let path = percentDecode(bytes[..<mark], plusIsSpace: false)
        var items: [QueryItem] = []
        for pair in bytes[(mark + 1)...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: UInt8(ascii: "=")) {
                items.append(QueryItem(name: percentDecode(pair[..<eq], plusIsSpace: true),
                                       value: percentDecode(pair[(eq + 1)...], plusIsSpace: true)))
            } else {
                items.append(QueryItem(name: percentDecode(pair, plusIsSpace: true), value: ""))
            }
        }
        return (path, items)
    }

    /// Decodes `%XX` escapes; a malformed escape is kept literally, and
    /// invalid UTF-8 is replaced by U+FFFD.
    package static func percentDecode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%"), bytes.distance(from: i, to: bytes.endIndex) >= 3,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(plusIsSpace && c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
