/// An Atom (RFC 4287) feed of documents, rendered as XML text.
package struct AtomFeed: Sendable, Equatable {
    package var title: String
    /// The feed's own address (absolute), also its `rel="self"` link.
    package var selfURL: String
    /// The page showing the same documents (absolute).
    package var pageURL: String
    package var entries: [AtomEntry]
    /// When nothing is listed: the node's newest revision time (0 if none).
    package var fallbackUpdatedMillis: UInt64
    /// Builds each entry's link to its document page.
    package var baseURL: String

    package init(title: String, selfURL: String, pageURL: String, baseURL: String, entries: [AtomEntry],
                fallbackUpdatedMillis: UInt64 = 0) {
        self.title = title
        self.selfURL = selfURL
        self.pageURL = pageURL
        self.baseURL = baseURL
        self.entries = entries
        self.fallbackUpdatedMillis = fallbackUpdatedMillis
    }

    package var updatedMillis: UInt64 { entries.map(\.updatedMillis).max() ?? fallbackUpdatedMillis }

    package func render() -> String {
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "  <id>\(XML.escape(selfURL))</id>\n"
        x += "  <title type=\"text\">\(XML.escape(title))</title>\n"
        x += "  <updated>\(WebDate.rfc3339(millis: updatedMillis))</updated>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(XML.escape(selfURL))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(pageURL))\"/>\n"
        x += "  <generator>syncnode</generator>\n"
        for e in entries {
            let lang = e.language.map { " xml:lang=\"\(XML.escape($0))\"" } ?? ""
            x += "  <entry\(lang)>\n"
            x += "    <id>\(XML.escape(e.atomID))</id>\n"
            x += "    <title type=\"text\">\(XML.escape(e.title))</title>\n"
            x += "    <updated>\(WebDate.rfc3339(millis: e.updatedMillis))</updated>\n"
            x += "    <author><name>\(XML.escape(e.author.isEmpty ? "unknown" : e.author))</name></author>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(baseURL + WebLink.document(e.documentID)))\"/>\n"
            if !e.category.isEmpty { x += "    <category term=\"\(XML.escape(e.category))\"/>\n" }
            x += "    <content type=\"text\">\(XML.escape(e.summary))</content>\n"
            x += "  </entry>\n"
        }
        return x + "</feed>\n"
    }
}
