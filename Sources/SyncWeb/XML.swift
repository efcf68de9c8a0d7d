/// Escaping for XML (the Atom feeds). `HTML.escape` already gives valid
/// XML 1.0 text and attribute values: it escapes the five special
/// characters (`&#39;` is an XML character reference too) and drops every
/// control character XML forbids, so a feed parses whatever another city
/// wrote. This name keeps the feed code saying what it means.
package enum XML {
    package static func escape(_ s: String) -> String { HTML.escape(s) }
}
