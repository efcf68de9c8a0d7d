import XCTest
import SyncCore
import SyncProtocol

/// `ChangesPage.decodeDirect` and `ChangeSetPush.decodeDirect` read pages
/// and pushes straight from their bytes; the tree readers
/// (`decodeThroughTree`) are the reference. A direct reader must accept
/// every message a node writes, and must never accept one the tree reader
/// refuses or read one differently.
final class DirectDecodingTests: XCTestCase {
    /// Revisions a node writes: escapes, non-ASCII text, lists, a
    /// tombstone, contexts, a later epoch.
    func revisions() throws -> [SignedRevision] {
        let key = try Fixtures.key()
        var revisions = [try Fixtures.signed(Fixtures.vectorRevision, with: key)]
        for (i, title) in ["plain", "quote \" and \\ and /", "control \u{01}\u{1F}\n\r\t", "naïve — 東京 🚋", ""].enumerated() {
            var r = Fixtures.revision(doc: "birmingham.t\(i)", actor: i == 3 ? "birmingham~2" : "birmingham",
                                      counter: UInt64(i + 2), title: title)
            r.content["tags"] = .list(["x\"y", "é", ""])
            r.content["body"] = .text(String(repeating: "Paragraph of text. ", count: 40 * i))
            r.tombstone = i == 4
            if r.tombstone { r.content = Content() }
            revisions.append(try Fixtures.signed(r, with: key))
        }
        return revisions
    }

    /// Pages a node writes, with excluded heads and empty.
    func pages() throws -> [ChangesPage] {
        let entries = try revisions().enumerated().map { ChangesPage.Entry(seq: UInt64(20 + 3 * $0.offset), revision: $0.element) }
        return [ChangesPage(node: "birmingham", since: 19, hasMore: true, entries: entries),
                ChangesPage(node: "birmingham", since: 19, next: 60, hasMore: false, entries: entries,
                            excludedHeads: VersionVector(["birmingham": 9, "birmingham~2": 1])),
                ChangesPage(node: "birmingham", since: 40, hasMore: false, entries: []),
                ChangesPage(node: "singapore", since: 0, hasMore: false, entries: Array(entries.prefix(1)))]
    }

    /// Pushes a node writes: one revision, and several.
    func pushes() throws -> [ChangeSetPush] {
        let all = try revisions()
        return [ChangeSetPush(origin: "birmingham", revisions: Array(all.prefix(1)), sha256: Fixtures.sha256),
                ChangeSetPush(origin: "birmingham", revisions: all, sha256: Fixtures.sha256)]
    }

    /// Whether the direct reader agrees with the tree reader: the same
    /// message, or nil where the tree reader refuses.
    func agree<T: Equatable>(_ direct: T?, _ tree: () throws -> T, mustAccept: Bool = false, _ what: @autoclosure () -> String,
                             file: StaticString = #filePath, line: UInt = #line) {
        let reference = try? tree()
        if let direct {
            // Compared without printing both: a message is kilobytes of text.
            XCTAssertTrue(direct == reference, reference == nil ? "the direct reader accepted \(what()), which the tree reader refuses"
                          : "the direct reader read \(what()) differently from the tree reader", file: file, line: line)
        } else if mustAccept {
            XCTFail("the direct reader left \(what()) to the tree reader", file: file, line: line)
        }
    }

    func check(_ bytes: [UInt8], request: ChangesQuery? = nil, mustAccept: Bool = false,
               _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        agree(ChangesPage.decodeDirect(bytes, request: request), { try ChangesPage.decodeThroughTree(bytes, request: request) },
              mustAccept: mustAccept, what(), file: file, line: line)
    }

    func checkPush(_ bytes: [UInt8], mustAccept: Bool = false, _ what: @autoclosure () -> String,
                   file: StaticString = #filePath, line: UInt = #line) {
        for sha256 in [nil, Fixtures.sha256] {
            agree(ChangeSetPush.decodeDirect(bytes, sha256: sha256), { try ChangeSetPush.decodeThroughTree(bytes, sha256: sha256) },
                  mustAccept: mustAccept, what(), file: file, line: line)
        }
    }

    /// `text` with each edit (what it makes, the text it replaces, the
    /// replacement) made on its own.
    func edited(_ text: String, _ edits: [(String, String, String)],
                file: StaticString = #filePath, line: UInt = #line) -> [(String, [UInt8])] {
        edits.compactMap { what, old, new in
            guard let r = text.range(of: old) else { XCTFail("no \(old) in the text to change for \(what)", file: file, line: line); return nil }
            var changed = text
            changed.replaceSubrange(r, with: new)
            return (what, Array(changed.utf8))
        }
    }

    /// Bytes changed at random, `count` times from each of `messages`:
    /// one to four single-byte changes, deletions, insertions or copied runs.
    /// Returns how many times `each` said the damaged bytes were read directly.
    func damaged(_ messages: [[UInt8]], count: Int, _ each: ([UInt8]) -> Bool) -> Int {
        var accepted = 0
        var seed: UInt64 = 0x5EED_0F_D1EC7
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let interesting = Array("{}[],:\"\\0123456789-.eE tfn\u{7F}".utf8) + [0x00, 0x0A, 0xC3, 0xFF]
        for good in messages {
            for _ in 0..<count {
                var bytes = good
                for _ in 0...next(3) {
                    guard !bytes.isEmpty else { break }
                    let at = next(bytes.count)
                    switch next(4) {
                    case 0: bytes[at] = interesting[next(interesting.count)]
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(interesting[next(interesting.count)], at: at)
                    default:
                        // A run of the message's own bytes copied elsewhere.
                        let from = next(bytes.count), count = min(1 + next(24), bytes.count - from)
                        bytes.insert(contentsOf: bytes[from..<from + count], at: at)
                    }
                }
                if each(bytes) { accepted += 1 }
            }
        }
        return accepted
    }

    func testEveryPageANodeWritesIsReadDirectlyAsTheTreeReadsIt() throws {
        for page in try pages() {
            let bytes = page.encoded()
            XCTAssertEqual(ChangesPage.decodeDirect(bytes), page)
            check(bytes, mustAccept: true, "a page of \(page.entries.count) entries")
            check(bytes, request: ChangesQuery(since: page.since, limit: page.entries.count, exclude: "birmingham"),
                  mustAccept: true, "a page with its request")
            // Whitespace anywhere between tokens is the same page.
            let spaced = Array(String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: "\":", with: "\" :\n ").replacingOccurrences(of: ",\"", with: " ,\t\"").utf8)
            check(spaced, mustAccept: true, "a page with whitespace")
        }
    }

    /// Changes the tree reader refuses or ignores, made member by member.
    func testDamagedAndUnusualPagesAreLeftToTheTreeReader() throws {
        let page = try pages()[0]
        let text = String(decoding: page.encoded(), as: UTF8.self)
        let edits: [(String, String, String)] = [
            ("an unknown page member", "{\"has_more\"", "{\"extra\":1,\"has_more\""),
            ("an unknown revision member", "\"tombstone\":false}", "\"tombstone\":false,\"x\":null}"),
            ("a repeated member", "\"has_more\":true", "\"has_more\":true,\"has_more\":true"),
            ("a repeated content field", "\"title\":\"plain\"", "\"title\":\"plain\",\"title\":\"plain\""),
            ("canonically equal content fields", "\"title\":\"plain\"", "\"titl\\u00e9\":\"a\",\"title\\u0301\":\"b\",\"title\":\"plain\""),
            ("a number with a fraction", "\"since\":19", "\"since\":19.0"),
            ("a number with an exponent", "\"since\":19", "\"since\":1.9e1"),
            ("a negative zero", "\"hlc_logical\":0", "\"hlc_logical\":-0"),
            ("a counter past 2^64", "\"since\":19", "\"since\":18446744073709551616"),
            ("hlc_logical past 2^32", "\"hlc_logical\":0", "\"hlc_logical\":4294967296"),
            ("a string for a number", "\"since\":19", "\"since\":\"19\""),
            ("a number for a boolean", "\"has_more\":true", "\"has_more\":1"),
            ("a number in a list", "[\"x\\\"y\"", "[7,\"x\\\"y\""),
            ("an object as a field", "\"title\":\"plain\"", "\"title\":{}"),
            ("null for excluded heads", "{\"has_more\"", "{\"excluded_heads\":null,\"has_more\""),
            ("excluded heads of another node", "{\"has_more\"", "{\"excluded_heads\":{\"singapore\":2},\"has_more\""),
            ("a bad actor", "\"actor\":\"birmingham\"", "\"actor\":\"Birmingham\""),
            ("a bad kind", "\"kind\":\"article\"", "\"kind\":\"poem\""),
            ("a bad signature", "\"signature\":\"", "\"signature\":\"*"),
            ("a bad node", "\"node\":\"birmingham\"", "\"node\":\"birmingham!\""),
            ("a cursor behind the entries", "\"next\":", "\"next\":1"),
            ("a since past the first entry", "\"since\":19", "\"since\":20"),
            ("trailing bytes", "\"since\":19}", "\"since\":19}x"),
            ("a missing member", "\"has_more\":true,", ""),
            ("an invalid escape", "\"plain\"", "\"pl\\xin\""),
            ("a lone surrogate", "\"plain\"", "\"\\ud800\""),
        ]
        for (what, bytes) in edited(text, edits) {
            check(bytes, what)
            check(bytes, request: ChangesQuery(since: 19, limit: 6, exclude: "birmingham"), what)
        }
        check(page.encoded(), request: ChangesQuery(since: 19, limit: 5), "more entries than the request's limit")
        check(page.encoded(), request: ChangesQuery(since: 18, limit: 100), "a page for another since")
        let empty = try pages()[2]
        check(empty.encoded(), request: ChangesQuery(since: empty.since, limit: -1), "an empty page for a limit below zero")
        var invalidUTF8 = page.encoded()
        invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "p"))!] = 0xFF
        check(invalidUTF8, "a string that is not UTF-8")
    }

    /// Every size limit, at the limit (read directly) and one past it
    /// (refused by both readers): the limits are checked in one place.
    func testSizeLimitsAtAndPastTheLimitAreTheSameForBothReaders() throws {
        let key = try Fixtures.key()
        func page(_ change: (inout Revision) -> Void, excludedHeads: [String: UInt64]? = nil) throws -> [UInt8] {
            var r = Fixtures.revision(doc: "birmingham.limits", counter: 2)
            change(&r)
            return ChangesPage(node: "birmingham", since: 1, next: 2, hasMore: false,
                               entries: [ChangesPage.Entry(seq: 2, revision: try Fixtures.signed(r, with: key))],
                               excludedHeads: excludedHeads.map(VersionVector.init)).encoded()
        }
        let label = { (n: Int) in String(repeating: "a", count: n) }
        let sizes: [(String, (Int) throws -> [UInt8], Int)] = [
            ("labels in a list", { n in try page { $0.content["tags"] = .list((0..<n).map { "t\($0)" }) } }, WireLimits.maxListItems),
            ("bytes of a label", { n in try page { $0.content["tags"] = .list([label(n)]) } }, WireLimits.maxIdentifierBytes),
            ("bytes of a text", { n in try page { $0.content["body"] = .text(label(n)) } }, WireLimits.maxTextBytes),
            ("content fields", { n in try page { r in r.content = Content(); for i in 0..<n { r.content["f\(i)"] = .text("x") } } }, WireLimits.maxContentFields),
            ("context entries", { n in try page { $0.context = VersionVector(Dictionary(uniqueKeysWithValues: (0..<n).map { ("n\($0)", UInt64(1)) })) } },
             WireLimits.maxContextEntries),
            ("excluded heads", { n in try page({ _ in }, excludedHeads: Dictionary(uniqueKeysWithValues: (0..<n).map { ("n\($0)", UInt64(1)) })) },
             WireLimits.maxContextEntries),
        ]
        for (what, make, limit) in sizes {
            check(try make(limit), mustAccept: true, "\(limit) \(what)")
            let past = try make(limit + 1)
            XCTAssertThrowsError(try ChangesPage.decodeThroughTree(past), "\(limit + 1) \(what)")
            XCTAssertNil(ChangesPage.decodeDirect(past), "\(limit + 1) \(what)")
        }
    }

    /// Bytes changed at random, many times: whatever the tree reader makes of
    /// them, the direct reader makes the same or leaves them to it.
    func testRandomlyDamagedPagesAreReadAsTheTreeReadsThemOrLeftToIt() throws {
        let accepted = damaged(try pages().map { $0.encoded() }, count: 600) { bytes in
            check(bytes, "a damaged page")
            return ChangesPage.decodeDirect(bytes) != nil
        }
        // Some damage leaves a valid page (a digit in a text, say): those
        // are read directly too.
        XCTAssertGreaterThan(accepted, 0)
    }

    func testEveryPushANodeWritesIsReadDirectlyAsTheTreeReadsIt() throws {
        for push in try pushes() {
            checkPush(push.encoded(), mustAccept: true, "a push of \(push.revisions.count) revisions")
            XCTAssertEqual(ChangeSetPush.decodeDirect(push.encoded(), sha256: Fixtures.sha256), push)
        }
    }

    func testDamagedAndUnusualPushesAreLeftToTheTreeReader() throws {
        let push = try pushes()[1]
        let text = String(decoding: push.encoded(), as: UTF8.self)
        let edits: [(String, String, String)] = [
            ("an unknown member", "{\"changeset_id\"", "{\"extra\":1,\"changeset_id\""),
            ("a repeated member", "\"origin\":\"birmingham\"", "\"origin\":\"birmingham\",\"origin\":\"birmingham\""),
            ("an id that does not match the content", "\"changeset_id\":\"", "\"changeset_id\":\"0"),
            ("an id in capitals", push.changesetID, push.changesetID.uppercased()),
            ("a bad origin", "\"origin\":\"birmingham\"", "\"origin\":\"Birmingham\""),
            ("no revisions", "\"revisions\":[", "\"revisions\":[],\"x\":["),
            ("a revision with an unknown member", "\"tombstone\":false}", "\"tombstone\":false,\"x\":null}"),
            ("a bad kind", "\"kind\":\"article\"", "\"kind\":\"poem\""),
            ("trailing bytes", "]}", "]} x"),
        ]
        for (what, bytes) in edited(text, edits) { checkPush(bytes, what) }
        checkPush(Array(#"{"changeset_id":"\#(push.changesetID)","origin":"birmingham","revisions":[]}"#.utf8), "an empty push")
    }

    func testRandomlyDamagedPushesAreReadAsTheTreeReadsThemOrLeftToIt() throws {
        let accepted = damaged(try pushes().map { $0.encoded() }, count: 600) { bytes in
            checkPush(bytes, "a damaged push")
            return ChangeSetPush.decodeDirect(bytes) != nil
        }
        XCTAssertGreaterThan(accepted, 0)
    }
}
