import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a feed with Foundation's XMLParser (namespace-aware) and keeps what
/// the tests check: the root element, each entry's child texts, and errors.
package final class AtomCollector: NSObject, XMLParserDelegate {
    package private(set) var root: (name: String, namespace: String?)?
    package private(set) var entries: [[String: String]] = []
    package private(set) var entryLanguages: [String?] = []
    package private(set) var feedFields: [String: String] = [:]
    package private(set) var error: Error?
    private var path: [String] = []
    private var text = ""

    package override init() {}

    /// Parses `xml`; false when it is not well-formed.
    package func parse(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        let ok = parser.parse()
        if !ok { error = parser.parserError }
        return ok
    }

    package func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = (name, namespaceURI) }
        path.append(name)
        text = ""
        if name == "entry" {
            entries.append([:])
            entryLanguages.append(attributes["xml:lang"] ?? attributes["lang"])
        }
    }

    package func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    package func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if path.last == "entry" { entries[entries.count - 1][name] = text }
        if path == ["feed"] { feedFields[name] = text }
        text = ""
    }
}
