/// Builds the RFC 9421 signature base (section 2.5): one line per covered
/// component, `"<identifier>": <value>`, then the `"@signature-params"`
/// line; lines joined by LF, no trailing newline.
package enum SignatureBase {
    /// The signature base for `components` over `message`.
    /// - Parameter signatureParams: the inner list whose serialization is the
    ///   `@signature-params` value (its items must equal `components`).
    /// - Throws: `SignatureError.Code.unsupportedComponent` for a component
    ///   that cannot be computed or is absent from the message.
    package static func build(signatureParams: StructuredField.InnerList,
                             message: HTTPSignatureMessage) throws(SignatureError) -> String {
        var lines: [String] = []
        var seen = Set<String>()
        for component in signatureParams.items {
            let id = component.serialized()
            guard seen.insert(id).inserted else {
                throw SignatureError(.malformedHeader, "component \(id) is covered twice")
            }
            let value = try self.value(of: component, in: message)
            guard !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                throw SignatureError(.unsupportedComponent, "the value of \(id) contains a line break")
            }
            lines.append(id + ": " + value)
        }
        lines.append("\"@signature-params\": " + signatureParams.serialized())
        return lines.joined(separator: "\n")
    }

    /// The value of one covered component (RFC 9421 sections 2.1 and 2.2).
    /// Supported: `@method`, `@target-uri`, `@authority`, `@scheme`, `@path`,
    /// `@query`, `@status`, and header fields without parameters other than `req`.
    package static func value(of component: StructuredField.Item,
                             in message: HTTPSignatureMessage) throws(SignatureError) -> String {
        guard case .string(let name) = component.bareItem else {
            throw SignatureError(.malformedHeader, "component identifiers must be strings, got \(component.bareItem.serialized())")
        }
        let id = component.serialized()
        var fromRequest = false
        for (key, value) in component.parameters.pairs {
            guard key == "req", value == .boolean(true) else {
                throw SignatureError(.unsupportedComponent, "component parameter '\(key)' in \(id) is not supported")
            }
            fromRequest = true
        }
        if fromRequest && !message.isResponse {
            throw SignatureError(.unsupportedComponent, "\(id): 'req' is only meaningful in a response signature")
        }
        guard name == name.lowercased() else {
            throw SignatureError(.unsupportedComponent, "component name \(id) must be lowercase")
        }
        if name.hasPrefix("@") {
            if name == "@status" {
                guard !fromRequest, let status = message.status else {
                    throw SignatureError(.unsupportedComponent, "\(id) applies to responses only")
                }
                return String(status)
            }
            guard let request = message.request, !message.isResponse || fromRequest else {
                throw SignatureError(.unsupportedComponent, "\(id) in a response needs the 'req' parameter")
            }
            let uri = request.targetURI
            switch name {
            case "@method": return request.method
            case "@target-uri": return uri
            case "@scheme": return String(uri.prefix { $0 != ":" }).lowercased()
            case "@authority": return URIParts(uri).authority
            case "@path": return URIParts(uri).path
            case "@query": return "?" + URIParts(uri).query
            default:
                throw SignatureError(.unsupportedComponent, "derived component \(id) is not supported")
            }
        }
        let headers = fromRequest ? (message.request?.headers ?? HTTPHeaders()) : message.headers
        let values = headers.values(for: name)
        guard !values.isEmpty else {
            throw SignatureError(.unsupportedComponent, "covered header field \(id) is absent from the message")
        }
        return values.map(trimOWS).joined(separator: ", ")
    }

    static func trimOWS(_ s: String) -> String { HTTPHeaders.trimmingOWS(s) }

    /// Splits `scheme://authority/path?query` (no fragment).
    struct URIParts {
        var authority = ""
        var path = "/"
        var query = ""

        init(_ uri: String) {
            var rest = Substring(uri)
            if let r = rest.firstRange(of: "://") { rest = rest[r.upperBound...] }
            let slash = rest.firstIndex(of: "/") ?? rest.firstIndex(of: "?") ?? rest.endIndex
            authority = String(rest[..<slash]).lowercased()
            rest = rest[slash...]
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = rest[..<q]
            }
            path = rest.isEmpty ? "/" : String(rest)
        }
    }
}
