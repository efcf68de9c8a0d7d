import SyncCore

/// Renders the web view's HTML pages. Pure: it gets plain values and returns
/// text, escaping every string it did not write itself (`HTML.escape`), and
/// links only to this node's own paths or to checked http(s) URLs.
package struct WebPages: Sendable {
    package let site: WebSite

    package init(site: WebSite) {
        self.site = site
    }

    // MARK: - Pages

    /// The front page: newest documents, with filters by city, category, tag and kind.
    package func front(_ items: [WebSummary], query: WebQuery, hasMore: Bool) -> String {
        var main = "<h1>Newest articles and talks</h1>\n"
        main += "<p>What \(HTML.escape(site.nodeName)) holds from the cities it shares knowledge with, newest first.</p>\n"
        main += filterForm(query)
        main += listing(items, heading: filterHeading(query), query: query, path: WebLink.front, hasMore: hasMore)
        return layout(title: "Articles and talks", main: main, feed: ("All articles and talks", WebLink.feed))
    }

    /// The documents of one city (`scope` "city") or category ("category").
    package func scoped(_ scope: String, name: String, items: [WebSummary], query: WebQuery, hasMore: Bool) -> String {
        let isCity = scope == "city"
        let path = isCity ? WebLink.city(name) : WebLink.category(name)
        let feed = isCity ? WebLink.cityFeed(name) : WebLink.categoryFeed(name)
        var main = "<h1>\(isCity ? "City" : "Category"): \(HTML.escape(name))</h1>\n"
        main += "<p><a href=\"\(HTML.escape(feed))\">Follow \(isCity ? "this city" : "this category") in a feed reader</a> (Atom).</p>\n"
        main += listing(items, heading: "Newest first", query: query, path: path, hasMore: hasMore, dropFilter: scope)
        return layout(title: "\(isCity ? "City" : "Category"): \(name)", main: main,
                      feed: ("\(isCity ? "City" : "Category"): \(name)", feed))
    }

    /// Search: the form, then ranked results with the matched words marked.
    package func search(_ items: [WebSummary], query: WebQuery, hasMore: Bool) -> String {
        var main = "<h1>Search</h1>\n"
        main += "<form role=\"search\" action=\"\(WebLink.search)\" method=\"get\">"
        main += "<label>Words to find (all must match; end a word with * to match its beginning)"
        main += "<input type=\"search\" name=\"q\" maxlength=\"\(WebQuery.maxTextChars)\" value=\"\(HTML.escape(query.text ?? ""))\"></label>"
        main += "<button type=\"submit\">Search</button></form>\n"
        guard let text = query.text else {
            return layout(title: "Search", main: main)
        }
        let feed = WebLink.with(WebLink.searchFeed, [("q", text)])
        main += "<p><a href=\"\(HTML.escape(feed))\">Follow this search in a feed reader</a> (Atom).</p>\n"
        if items.isEmpty && query.page == 1 {
            main += "<p>Nothing matches “\(HTML.escape(text))”.</p>\n"
        } else {
            main += listing(items, heading: "Results for “\(HTML.escape(text))”, best match first", query: query,
                            path: WebLink.search, hasMore: hasMore, escapedHeading: true)
        }
        return layout(title: "Search: \(text)", main: main, feed: ("Search: \(text)", feed))
    }

    /// A document: every field, its history, and both sides of a conflict.
    package func document(_ doc: WebDocument) -> String {
        let c = doc.content
        let title = c.text("title").isEmpty ? doc.id : c.text("title")
        let lang = HTML.languageTag(c.text("language")).map { " lang=\"\(HTML.escape($0))\"" } ?? ""
        var main = "<article\(lang)>\n<h1>\(HTML.escape(title))</h1>\n"
        let dateText = c.text(DocumentSchema.dateField(for: doc.kind))
        main += "<p class=\"meta\">" + meta(kind: doc.kind, city: c.text("city"), category: c.text("category"), date: dateText) + "</p>\n"
        if doc.deleted { main += "<p class=\"note\">This document was deleted; what it last held is shown below.</p>\n" }
        if doc.inConflict { main += conflict(doc) }
        let lead = doc.kind == .article ? ["summary", "body"] : ["abstract", "notes"]
        let leadText = lead.filter { !c.text($0).isEmpty }
        if !leadText.isEmpty {
            main += "<section aria-labelledby=\"text\">\n<h2 id=\"text\">\(doc.kind == .article ? "Text" : "Abstract and notes")</h2>\n"
            for field in leadText { main += paragraphs(c.text(field)) }
            main += "</section>\n"
        }
        main += "<section aria-labelledby=\"details\" lang=\"en\">\n<h2 id=\"details\">Details</h2>\n"
        main += fields(c, kind: doc.kind, id: doc.id) + "</section>\n"
        main += history(doc) + "</article>\n"
        return layout(title: title, main: main)
    }

    /// A page for a 4xx/5xx answer.
    package func error(status: Int, message: String) -> String {
        let heading = status == 404 ? "Not found" : status == 405 ? "Method not allowed" : status < 500 ? "Bad request" : "Something went wrong"
        return layout(title: heading, main: "<h1>\(heading)</h1>\n<p>\(HTML.escape(message))</p>\n<p><a href=\"/\">Back to the front page</a></p>\n")
    }

    // MARK: - Parts

    /// The page frame: landmarks (banner, navigation, search, main,
    /// contentinfo), the stylesheet, and the page's feed for readers to discover.
    func layout(title: String, main: String, feed: (title: String, href: String)? = nil) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(title)) · \(HTML.escape(site.nodeName))</title>\n"
        h += "<link rel=\"stylesheet\" href=\"\(WebLink.style)\">\n"
        if let feed {
            h += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(HTML.escape(feed.title))\" href=\"\(HTML.escape(feed.href))\">\n"
        }
        h += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header>\n"
        h += "<a class=\"site\" href=\"/\">\(HTML.escape(site.nodeName))</a>\n"
        h += "<nav aria-label=\"Main\"><ul><li><a href=\"/\">Newest</a></li><li><a href=\"\(WebLink.search)\">Search</a></li>"
        h += "<li><a href=\"\(WebLink.feed)\">Feed</a></li></ul></nav>\n"
        h += "<form role=\"search\" aria-label=\"Quick search\" action=\"\(WebLink.search)\" method=\"get\"><label>Search this node"
        h += "<input type=\"search\" name=\"q\" maxlength=\"\(WebQuery.maxTextChars)\"></label><button type=\"submit\">Search</button></form>\n"
        h += "</header>\n<main id=\"main\">\n" + main + "</main>\n"
        h += "<footer><p>A read-only view of the syncnode node \(HTML.escape(site.nodeName)). Texts come from the cities that wrote them.</p></footer>\n"
        return h + "</body>\n</html>\n"
    }

    func filterHeading(_ q: WebQuery) -> String {
        var parts: [String] = []
        if let k = q.kind { parts.append(k == .article ? "articles" : "talks") }
        if let c = q.city { parts.append("city \(c)") }
        if let c = q.category { parts.append("category \(c)") }
        if let t = q.tag { parts.append("tag \(t)") }
        return parts.isEmpty ? "All documents" : "Filtered: " + parts.joined(separator: ", ")
    }

    /// The filter form (GET, so every filtered page has its own address).
    func filterForm(_ q: WebQuery) -> String {
        func select(_ label: String, _ name: String, _ options: [(value: String, text: String)], _ current: String?) -> String {
            var s = "<label>\(label)<select name=\"\(name)\"><option value=\"\">Any</option>"
            for o in options {
                let selected = o.value.lowercased() == current?.lowercased() ? " selected" : ""
                s += "<option value=\"\(HTML.escape(o.value))\"\(selected)>\(HTML.escape(o.text))</option>"
            }
            return s + "</select></label>\n"
        }
        var f = "<form class=\"filters\" action=\"/\" method=\"get\" aria-label=\"Filters\">\n"
        f += select("City", "city", site.cities.map { ($0.name, "\($0.name) (\($0.count))") }, q.city)
        f += select("Category", "category", site.categories.map { ($0.name, "\($0.name) (\($0.count))") }, q.category)
        f += select("Kind", "kind", [("article", "Articles"), ("talk", "Talks")], q.kind?.rawValue)
        f += "<label>Tag<input type=\"text\" name=\"tag\" maxlength=\"\(WebQuery.maxFilterChars)\" value=\"\(HTML.escape(q.tag ?? ""))\"></label>\n"
        return f + "<button type=\"submit\">Filter</button> <a href=\"/\">Clear</a>\n</form>\n"
    }

    /// The page's slice of `items` (which hold every row up to it) and a pager.
    func listing(_ items: [WebSummary], heading: String, query: WebQuery, path: String, hasMore: Bool,
                 dropFilter: String? = nil, escapedHeading: Bool = false) -> String {
        var s = "<section aria-labelledby=\"results\">\n<h2 id=\"results\">\(escapedHeading ? heading : HTML.escape(heading))</h2>\n"
        if items.isEmpty {
            s += "<p>No documents here yet.</p>\n"
        } else {
            s += "<ol class=\"results\" start=\"\(query.offset + 1)\">\n"
            for item in items { s += row(item) }
            s += "</ol>\n"
        }
        if query.page > 1 || hasMore {
            s += "<nav class=\"pager\" aria-label=\"Pages\">"
            if query.page > 1 {
                s += "<a rel=\"prev\" href=\"\(HTML.escape(WebLink.with(path, query.items(page: query.page - 1, except: dropFilter))))\">Newer</a>"
            } else { s += "<span></span>" }
            s += "<span>Page \(query.page)</span>"
            if hasMore {
                s += "<a rel=\"next\" href=\"\(HTML.escape(WebLink.with(path, query.items(page: query.page + 1, except: dropFilter))))\">Older</a>"
            } else { s += "<span></span>" }
            s += "</nav>\n"
        }
        return s + "</section>\n"
    }

    func row(_ item: WebSummary) -> String {
        var s = "<li>\n<h3><a href=\"\(HTML.escape(WebLink.document(item.id)))\">\(HTML.escape(item.title))</a></h3>\n"
        s += "<p class=\"meta\">\(meta(kind: item.kind, city: item.city, category: item.category, date: item.date))"
        if item.inConflict { s += " · <strong>in conflict</strong>" }
        s += "</p>\n"
        if let snippet = item.snippet, !snippet.isEmpty { s += "<p class=\"snippet\">\(HTML.snippet(snippet))</p>\n" }
        if !item.tags.isEmpty { s += tags(item.tags) }
        return s + "</li>\n"
    }

    /// `Article · city · category · date`, each a link to its page.
    func meta(kind: DocumentKind, city: String, category: String, date: String) -> String {
        var parts = ["<span class=\"badge\">\(kind == .article ? "Article" : "Talk")</span>"]
        if !city.isEmpty { parts.append("<a href=\"\(HTML.escape(WebLink.city(city)))\">\(HTML.escape(city))</a>") }
        if !category.isEmpty { parts.append("<a href=\"\(HTML.escape(WebLink.category(category)))\">\(HTML.escape(category))</a>") }
        if !date.isEmpty { parts.append(time(date: date)) }
        return parts.joined(separator: " · ")
    }

    func time(date: String) -> String {
        guard DocumentSchema.isDate(date) else { return HTML.escape(date) }
        return "<time datetime=\"\(date)\">\(WebDate.readable(date: date))</time>"
    }

    func time(millis: UInt64) -> String {
        "<time datetime=\"\(WebDate.rfc3339(millis: millis))\">\(WebDate.readable(millis: millis))</time>"
    }

    func tags(_ tags: [String]) -> String {
        "<ul class=\"tags\" aria-label=\"Tags\">" + tags.map {
            "<li><a href=\"\(HTML.escape(WebLink.with("/", [("tag", $0)])))\">#\(HTML.escape($0))</a></li>"
        }.joined() + "</ul>\n"
    }

    /// Blank-line separated paragraphs; single newlines become line breaks.
    func paragraphs(_ text: String) -> String {
        var out = ""
        var lines: [Substring] = []
        func flush() {
            if !lines.isEmpty { out += "<p>" + lines.map { HTML.escape(String($0)) }.joined(separator: "<br>\n") + "</p>\n" }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) { flush() } else { lines.append(line) }
        }
        flush()
        return out
    }

    static let labels: [String: String] = [
        "title": "Title", "summary": "Summary", "body": "Body", "category": "Category", "tags": "Tags", "city": "City",
        "language": "Language", "published_date": "Published", "source_url": "Source", "organisation": "Organisation",
        "speaker": "Speaker", "speaker_role": "Speaker's role", "event": "Event", "event_date": "Event date",
        "abstract": "Abstract", "notes": "Notes", "media_url": "Recording",
    ]

    /// Every field of `content` in schema order, as a description list.
    func fields(_ c: Content, kind: DocumentKind, id: String?) -> String {
        var s = "<dl class=\"fields\">\n"
        if let id { s += "<dt>Document id</dt><dd><code>\(HTML.escape(id))</code></dd>\n<dt>Kind</dt><dd>\(kind.rawValue)</dd>\n" }
        for spec in DocumentSchema.fields(for: kind) {
            guard let value = c[spec.name] else { continue }
            s += "<dt>\(Self.labels[spec.name] ?? HTML.escape(spec.name))</dt><dd>"
            switch (spec.format, value) {
            case (_, .list(let l)): s += tags(l)
            case (.url, .text(let url)):
                if let safe = WebLink.external(url) {
                    s += "<a href=\"\(HTML.escape(safe))\" rel=\"noopener noreferrer nofollow\">\(HTML.escape(url))</a>"
                } else {
                    s += "<code>\(HTML.escape(url))</code> (not a web address, so not a link)"
                }
            case (.date, .text(let d)): s += time(date: d)
            case (_, .text(let t)):
                if spec.name == "city" { s += "<a href=\"\(HTML.escape(WebLink.city(t)))\">\(HTML.escape(t))</a>" }
                else if spec.name == "category" { s += "<a href=\"\(HTML.escape(WebLink.category(t)))\">\(HTML.escape(t))</a>" }
                else if t.contains("\n") { s += paragraphs(t) }
                else { s += HTML.escape(t) }
            }
            s += "</dd>\n"
        }
        return s + "</dl>\n"
    }

    func history(_ doc: WebDocument) -> String {
        var s = "<section aria-labelledby=\"history\">\n<h2 id=\"history\">History</h2>\n"
        if doc.historyOmitted > 0 { s += "<p>\(doc.historyOmitted) older revisions are not listed.</p>\n" }
        s += "<table>\n<caption>Revisions of this document, oldest first: which city wrote each, and when.</caption>\n"
        s += "<thead><tr><th scope=\"col\">City</th><th scope=\"col\">Time</th><th scope=\"col\">Revision</th></tr></thead>\n<tbody>\n"
        for r in doc.history {
            s += "<tr><td>\(HTML.escape(r.author))</td><td>\(time(millis: r.millis))</td>"
            s += "<td><code>\(HTML.escape(r.revisionID))</code>\(r.deleted ? " (deleted)" : "")</td></tr>\n"
        }
        return s + "</tbody>\n</table>\n</section>\n"
    }

    /// The plain-words note and the concurrent versions side by side.
    func conflict(_ doc: WebDocument) -> String {
        let authors = Array(Set(doc.versions.map(\.revision.author))).sorted()
        let who = authors.count > 1 ? authors.dropLast().joined(separator: ", ") + " and " + authors.last! : "Two cities"
        var s = "<section aria-labelledby=\"conflict\" class=\"conflict\">\n<h2 id=\"conflict\">This document is in conflict</h2>\n"
        s += "<p class=\"note\">"
        if !doc.conflictFields.isEmpty {
            let names = doc.conflictFields.map { (Self.labels[$0] ?? $0).lowercased() }
            s += "\(HTML.escape(who)) changed this document at the same time, and their changes to the \(HTML.escape(names.joined(separator: ", "))) could not be combined. "
            s += "Until someone chooses between them (with <code>syncnode resolve</code>), the rest of this page shows the value they both started from. "
        }
        if doc.deleteConflict {
            s += "One city deleted this document while another edited it; the edited version is shown. "
        }
        // Only what differs goes side by side: the fields all versions share
        // would bury the difference a reader has to decide on.
        let names = Set(doc.versions.flatMap { $0.content.fields.keys })
        let differing = names.filter { name in Set(doc.versions.map { $0.content[name] }).count > 1 }
        s += "Both versions are shown side by side below"
        s += differing.count < names.count && !differing.isEmpty ? ", with the fields they differ in.</p>\n" : ".</p>\n"
        s += "<div class=\"versions\">\n"
        for v in doc.versions {
            let lang = HTML.languageTag(v.content.text("language")).map { " lang=\"\(HTML.escape($0))\"" } ?? ""
            var shown = Content()
            for name in differing.isEmpty ? names : differing { shown[name] = v.content[name] }
            s += "<section\(lang)>\n<h3 lang=\"en\">Version by \(HTML.escape(v.revision.author)), \(time(millis: v.revision.millis))</h3>\n"
            s += v.revision.deleted ? "<p lang=\"en\">This version deletes the document.</p>\n" : fields(shown, kind: doc.kind, id: nil)
            s += "</section>\n"
        }
        return s + "</div>\n</section>\n"
    }
}
