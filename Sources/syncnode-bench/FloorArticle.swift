import SyncCore

/// One article as the shared floor's table holds it (the columns of
/// `articles` in ../shared/bench/floor_insert.c). The nine texts are
/// split out of the generated content before any clock starts, so that a
/// floor only binds and steps. Tags are a JSON array, as in the C floor's
/// input; the generator's `language` and `organisation` have no column
/// there, so none here.
struct FloorArticle: Sendable, Equatable {
    var id: String
    var title: String
    var summary: String
    var body: String
    var category: String
    var tags: String
    var city: String
    var date: String
    var url: String

    init(id: String, title: String, summary: String, body: String, category: String, tags: String, city: String,
         date: String, url: String) {
        (self.id, self.title, self.summary, self.body, self.category) = (id, title, summary, body, category)
        (self.tags, self.city, self.date, self.url) = (tags, city, date, url)
    }

    /// The floor's row for document `id` with `content` (an article).
    init(id: String, content c: Content) {
        self.init(id: id, title: c.text("title"), summary: c.text("summary"), body: c.text("body"),
                  category: c.text("category"), tags: JSONValue.array(c.list("tags").map { .string($0) }).text,
                  city: c.text("city"), date: c.text(DocumentSchema.dateField(for: .article)), url: c.text("source_url"))
    }

    /// The nine texts in column order (floor_insert.c's F_ID...F_URL).
    var columns: [String] { [id, title, summary, body, category, tags, city, date, url] }
}
