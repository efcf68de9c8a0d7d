/// Escaping for HTML text and attribute values. Every string that comes
/// from the store (written by other cities) goes through `escape` before it
/// reaches a page, so markup in a title renders as text.
package enum HTML {
    /// Escapes `& < > " '` (safe in text and in quoted attribute values) and
    /// drops control characters other than tab and newline (and Unicode
    /// noncharacters), which have no business in a page and which XML 1.0
    /// forbids: the result is valid in HTML and in XML alike.
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0xFDD0...0xFDEF).contains(scalar.value)
                    || scalar.value & 0xFFFE == 0xFFFE { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A search snippet from the store, where `[` and `]` mark the matched
    /// words: the text is escaped, and each balanced pair becomes `<mark>`.
    package static func snippet(_ s: String) -> String {
        var out = ""
        var open = false
        var plain = ""
        func flush() { out += escape(plain); plain = "" }
        for ch in s {
            if ch == "[" && !open {
                flush(); out += "<mark>"; open = true
            } else if ch == "]" && open {
                flush(); out += "</mark>"; open = false
            } else {
                plain.append(ch)
            }
        }
        flush()
        if open { out += "</mark>" }
        return out
    }

    /// A document's `language` usable as a `lang` attribute: a BCP 47
    /// shaped tag (letters, digits, hyphens; first part 2 to 8 letters), else nil.
    package static func languageTag(_ s: String) -> String? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count),
              first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }),
              parts.dropFirst().allSatisfy({ (1...8).contains($0.count)
                  && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) } })
        else { return nil }
        return s
    }
}
