import FoundationEssentials
import Synchronization
import HTTPServer
import SyncCore
import SyncCrypto
import SyncProtocol
import SyncStore

/// The request handlers of `syncnode serve` (docs/protocol.md): who we are,
/// our change log for peers to pull, and pushed change-sets. Every request
/// but `/v1/node`, `/metrics` and `/healthz` must carry a trusted peer's RFC 9421
/// signature; every response is signed with this node's key.
package final class NodeService: HTTPResponder {
    let settings: ServiceSettings
    let identity: NodeIdentity
    let key: Ed25519PrivateKey
    let signer: HTTPSignatureSigner
    let pool: StorePool
    let trust: TrustCache
    let replay = Mutex(ReplayCache())
    /// Concurrent pushes are applied together, one transaction per group.
    let pushes: WriteGroup<PendingPush, (response: [UInt8], tally: ApplyTally?)>
    /// Change-log pages already built, kept while current (PageCache).
    let pages = PageCache()
    let refusals = RefusalLog()
    package let metrics: Metrics
    let log: Logger

    package init(home: NodeHome, identity: NodeIdentity, key: Ed25519PrivateKey, settings: ServiceSettings,
                metrics: Metrics, log: Logger) throws {
        self.settings = settings
        self.identity = identity
        self.key = key
        self.signer = NodeSigner.makeForResponses(name: identity.name, key: key)
        let pool = StorePool(path: home.storePath)
        self.pool = pool
        self.pushes = WriteGroup { NodeService.apply($0, pool: pool) }
        self.trust = try TrustCache(directory: home.peersPath, identity: identity, log: log)
        self.metrics = metrics
        self.log = log
    }


    package func respond(to request: HTTPRequest) -> HTTPResponse {
        let now = WallClock.nowMillis()
        var response: HTTPResponse
        do {
            response = try route(request, now: now)
        } catch let e as ServiceError {
            response = errorResponse(e.code, e.message)
            for field in e.headers { response.headers.replaceOrAdd(name: field.name, value: field.value) }
        } catch let e as ChangeSetRejected {
            for r in e.rejections { metrics.increment("syncnode_revisions_rejected_total", ["reason": r.code.rawValue]) }
            log.event("push_rejected", ["detail": e.description])
            response = errorResponse("rejected", e.description, rejected: e.rejections.map {
                RefusedRevision(revision: $0.revisionID, documentID: $0.documentID, code: $0.code.rawValue)
            })
        } catch {
            log.event("request_failed", ["path": request.path, "error": String(describing: error)])
            response = errorResponse("internal", "the node could not answer this request; its operator can find the cause in the node's log")
        }
        metrics.increment("syncnode_http_requests_total", ["status": String(response.status)])
        if response.status == 401 || response.status == 403 { logRefusal(request, response, now: now) }
        let path = ChangesQuery.split(target: request.target).path
        if path != "/metrics" && path != "/healthz" { response = signed(response, request: request, now: now) }
        return response
    }

    /// A framing-layer refusal (400 smuggling, 413, 431, 403) as the
    /// protocol's JSON error, signed like every other answer.
    package func refuse(_ refusal: HTTPRefusal) -> HTTPResponse {
        let now = WallClock.nowMillis()
        metrics.increment("syncnode_http_requests_total", ["status": String(refusal.status)])
        return signed(refusal.jsonResponse, request: refusal.request, now: now)
    }

    /// One log line per refused client, status and path per minute: a
    /// partner with a wrong key shows up in the log without flooding it.
    func logRefusal(_ request: HTTPRequest, _ response: HTTPResponse, now: UInt64) {
        metrics.increment("syncnode_requests_refused_total", ["status": String(response.status)])
        guard let suppressed = refusals.admit("\(response.status) \(request.remoteAddress) \(request.path)", now: now) else { return }
        let error = response.bodyBytes.flatMap { try? ErrorBody.decode($0) }
        var fields = ["status": String(response.status), "remote": request.remoteAddress, "method": request.method,
                      "path": request.path, "code": error?.code ?? "", "reason": error?.message ?? ""]
        if suppressed > 0 { fields["not_logged_since_last"] = String(suppressed) }
        log.event("request_refused", fields)
    }

    /// `GET /healthz`: unsigned, for load balancers and uptime checks. 200
    /// while the store answers, 503 (with the reason) when it does not.
    func health() -> HTTPResponse {
        do {
            let head = try pool.withStore { try $0.headSeq() }
            return json(WireJSON.object(["status": .string("ok"), "node": .string(identity.name),
                                         "head_seq": .int(Int(head))]).serialized())
        } catch {
            log.event("health_check_failed", ["error": String(describing: error)])
            return json(WireJSON.object(["status": .string("unavailable"), "node": .string(identity.name),
                                         "reason": .string("the store cannot be read: \(PeerError.localAdvice(error))")]).serialized(),
                        status: 503)
        }
    }

    func route(_ request: HTTPRequest, now: UInt64) throws -> HTTPResponse {
        // Paths are matched as sent, without percent-decoding (docs/protocol.md
        // section 3): `/v1/%63hanges` is not an endpoint.
        let path = ChangesQuery.split(target: request.target).path
        switch (request.method, path) {
        case ("GET", "/v1/node"):
            var info = NodeInfo(name: identity.name, publicKey: identity.publicKey.base64url, keyID: identity.keyID)
            info.keyHistory = identity.keyHistory
            // Best effort: a busy store leaves it out rather than failing the answer.
            info.headSeq = (try? pool.withStore { try $0.headSeq() }).map { UInt64(max(0, $0)) }
            return json(info.encoded())
        case ("GET", "/v1/changes"):
            let peer = try authenticate(request, now: now, optional: settings.allowPublicPulls)
            return try changes(request, peer: peer)
        case ("POST", "/v1/changesets"):
            let type = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingWhitespace().lowercased()
            guard type == "application/json" else {
                throw ServiceError(code: "unsupported_media_type", message: "a change-set is sent as Content-Type: application/json")
            }
            guard let peer = try authenticate(request, now: now, optional: false) else {
                throw ServiceError(code: "unauthenticated", message: "push requests must be signed by a trusted peer")
            }
            return try push(request, peer: peer, now: now)
        case ("GET", "/metrics"):
            // Best effort: a busy store must not fail the scrape.
            if let count = try? pool.withStore({ try $0.rejectedCount() }) {
                metrics.set("syncnode_rejected_revisions", [:], Double(count))
            }
            let peers = trust.current().peers.keys.sorted()
            if let states = try? pool.withStore({ store in try peers.map { try store.peerState($0) } }) {
                PeerStateMetrics.record(states, into: metrics)
            }
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                                body: Array(metrics.render().utf8))
        case ("GET", "/healthz"):
            return health()
        case (_, "/v1/node"), (_, "/v1/changes"), (_, "/v1/changesets"), (_, "/metrics"), (_, "/healthz"):
            let allowed = path == "/v1/changesets" ? "POST" : "GET"
            throw ServiceError(code: "method_not_allowed", message: "\(request.method) is not allowed on \(path); use \(allowed)",
                               headers: ["Allow": allowed])
        default:
            throw ServiceError(code: "not_found", message: "no such endpoint \(path.prefix(200)) (paths are matched as sent, without percent-decoding): see docs/protocol.md")
        }
    }

    /// Checks the request's signature; returns the peer's name (nil for an
    /// unsigned request where `optional`).
    func authenticate(_ request: HTTPRequest, now: UInt64, optional: Bool) throws -> String? {
        if optional && !request.headers.contains("Signature") { return nil }
        let message = HTTPSignatureMessage.request(method: request.method, targetURI: settings.publicURL + request.target,
                                                   headers: request.headers)
        let verifier = HTTPSignatureVerifier(profile: .request, sha256: { SHA256.hash($0) })
        let seconds = Int64(now / 1000)
        let trust = self.trust.current()
        let verified: VerifiedSignature
        do {
            verified = try verifier.prepare(message, body: request.body, now: seconds)
        } catch {
            throw ServiceError(code: "unauthenticated", message: error.description)
        }
        guard let peer = trust.peers[verified.keyID] else {
            throw ServiceError(code: "forbidden", message: "keyid \"\(verified.keyID)\" is not a trusted peer of \(identity.name): its operator must add it with `syncnode peer add`")
        }
        guard trust.verifyMessage(from: peer.name, signature: verified.signature, base: verified.signatureBase) == .valid else {
            throw ServiceError(code: "unauthenticated", message: "the request signature by \"\(peer.name)\" does not verify with its trusted key")
        }
        let admission = replay.withLock { cache in
            cache.purge(now: seconds)
            return cache.admit(verified, now: seconds)
        }
        switch admission {
        case .fresh: return peer.name
        case .replayed: throw ServiceError(code: "replayed", message: "this signed request was seen before: requests may not be replayed")
        default: throw ServiceError(code: "unavailable", message: "too many recent requests to check for replays; retry shortly")
        }
    }

    /// A log row as a page entry, its stored content spliced in unparsed.
    package static func pageEntry(_ r: StoredRevision) -> ChangesPageBody.Entry {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(r.contentJSON.utf8.count + 400)
        WireRevision.writeStored(documentID: r.documentID, kind: r.kind, actor: r.dot.actor, counter: r.dot.counter,
                                 context: r.context.entries, author: r.author, hlcMillis: r.timestamp.millis,
                                 hlcLogical: r.timestamp.logical, tombstone: r.tombstone, signature: r.signature,
                                 contentJSON: r.contentJSON, to: &bytes)
        return ChangesPageBody.Entry(seq: UInt64(r.seq), revision: bytes)
    }

    func changes(_ request: HTTPRequest, peer: String?) throws -> HTTPResponse {
        let query: ChangesQuery
        do { query = try ChangesQuery.parse(rawQuery: ChangesQuery.split(target: request.target).query) }
        catch { throw ServiceError(code: "bad_request", message: error.description) }
        let limit = min(query.limit, settings.maxPageEntries)
        let key = PageCache.Key(since: query.since, limit: query.limit, exclude: query.exclude)
        let since = Int64(clamping: query.since)
        let page: PageCache.Entry = try pool.withStore { store in
            let (page, head) = try store.readingOneSnapshot { () throws -> (PageCache.Entry, Int64) in
                // A page built before is served as it was while the log it was
                // built from is unchanged (PageCache): one cheap statement
                // instead of reading, decoding and encoding every revision.
                if let kept = pages.entry(key) {
                    let log = try store.logWindow(after: kept.window.after, through: kept.window.through)
                    if kept.isCurrent(log) { return (kept, log.head) }
                    pages.remove(key)
                }
                let (entries, last) = try store.storedChangesPage(after: since, limit: limit, exclude: query.exclude)
                let head = try store.headSeq()
                let hasMore = head > last
                // The last page tells a requester that left itself out what this
                // node holds of its writes, so that a restored one notices.
                let excludedHeads = try hasMore ? nil : query.exclude.map { try store.heads(ofActorsOf: $0) }
                // A `since` beyond 2^63-1 is beyond any sequence number: the
                // cursor stays where the client put it, never below.
                let page = ChangesPageBody(node: identity.name, since: query.since, next: max(UInt64(last), query.since),
                                           hasMore: hasMore, entries: entries.map(Self.pageEntry), excludedHeads: excludedHeads)
                // Pages are cut to what the client reads for its limit (a few very large revisions).
                let (fitted, body) = page.encoded(fitting: WireLimits.pageBodyCap(limit: query.limit))
                let sha = SHA256.hash(body)
                // The same snapshot as the page: what it was built from.
                let log = try store.logWindow(after: since, through: last)
                let built = PageCache.Entry(body: body, contentDigest: ContentDigest.header(sha256: sha),
                                            etag: fitted.isClosed ? ChangesPage.etag(bodySHA256: sha) : nil,
                                            basis: fitted.isClosed ? .window(since: since, lastScanned: last, scanned: log.entries)
                                                                   : .log(head: log.head, entries: log.logEntries))
                // (A page cut to its byte cap at the log's very end is closed
                // but not current by this rule: it is not kept.)
                if built.isCurrent(log) { pages.store(built, for: key) }
                return (built, head)
            }
            // A write: after the read snapshot ended.
            advancePushedSeq(store, peer: peer, query: query, head: head)
            return page
        }
        // `signed` signs this digest instead of hashing the body again.
        var headers: HTTPHeaders = ["Content-Type": "application/json", ContentDigest.headerName: page.contentDigest]
        guard let etag = page.etag else {
            headers.add(name: "Cache-Control", value: "no-store")
            return HTTPResponse(status: 200, headers: headers, body: page.body)
        }
        headers.add(name: "ETag", value: etag)
        headers.add(name: "Cache-Control", value: "private, max-age=31536000, immutable")
        if ChangesPage.ifNoneMatch(request.headers.values(for: "If-None-Match"), matches: etag) {
            headers.remove(name: ContentDigest.headerName)   // the 304's body is empty
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, headers: headers, body: page.body)
    }

    /// The peer only asks for entries after `since` once it holds everything
    /// before: no need to push those to it again. Best effort: a busy store
    /// must not fail the read.
    func advancePushedSeq(_ store: Store, peer: String?, query: ChangesQuery, head: Int64) {
        let since = Int64(clamping: query.since)
        guard let peer, query.exclude == peer, since > 0 else { return }
        do {
            if try store.peerState(peer).pushedSeq < min(since, head) {
                try store.advancePushedSeq(peer: peer, to: min(since, head))
            }
        } catch {
            log.event("push_mark_not_saved", ["peer": peer, "error": String(describing: error)])
        }
    }

    func push(_ request: HTTPRequest, peer: String, now: UInt64) throws -> HTTPResponse {
        let changeset: ChangeSetPush
        do { changeset = try ChangeSetPush.decode(request.body, sha256: { SHA256.hash($0) }) }
        catch { throw ServiceError(code: "invalid_message", message: "malformed change-set from \(peer): \(error)") }
        guard changeset.origin == peer else {
            throw ServiceError(code: "forbidden", message: "the change-set says it comes from '\(changeset.origin)' but is signed by '\(peer)'")
        }
        // Signatures are checked here, on this request's thread and before
        // any write: only the store work waits for the write group.
        let trust = self.trust.current()
        let refusals: [RevisionRejection?]
        do {
            refusals = try ChangeSetApplier(trust: trust).verify(changeset.revisions, from: peer)
        } catch let rejected as ChangeSetRejected {
            // A change-set answered before is answered the same (say, its
            // author's key was revoked since).
            if let previous = try pool.withStore({ try $0.changesetResponse(changeset.changesetID) }) {
                return json(Array(previous.utf8))
            }
            throw rejected
        }
        let (response, tally) = try pushes.submit(PendingPush(changeset: changeset, peer: peer, trust: trust,
                                                                    refusals: refusals, now: now))
        if let tally {
            metrics.increment("syncnode_revisions_applied_total", ["peer": peer], by: Double(tally.applied))
            for r in tally.rejections {
                metrics.increment("syncnode_revisions_rejected_total", ["reason": r.code.rawValue])
                log.event("revision_rejected", ["peer": peer, "detail": r.description])
            }
            log.event("push_received", ["peer": peer, "received": String(tally.received), "applied": String(tally.applied),
                                        "already_had": String(tally.alreadyHad), "conflicts": String(tally.conflicts),
                                        "rejected": String(tally.rejected)])
        }
        return json(response)
    }

    /// Applies a group of verified pushes in one write transaction. Should
    /// one of them fail (an error of the store, not a refused revision,
    /// which is recorded), the transaction is rolled back, the others are
    /// applied again as a group without it, and it alone after them, as if
    /// it had come by itself: it gets its error (or its result), the others
    /// theirs. (Not a savepoint per push: when that was measured, FTS5
    /// wrote its pending entries out at every savepoint, as costly as a
    /// commit. The store now holds a write's index changes until its commit,
    /// `PendingSearchIndex`, which may have removed that cost; not measured
    /// since.) A
    /// failure outside the pushes (the write lock not taken in time, the
    /// commit) is every push's answer.
    /// - Returns: per push, its answer, and its tally (nil: answered before).
    static func apply(_ group: [PendingPush], pool: StorePool) -> [Result<(response: [UInt8], tally: ApplyTally?), any Error>] {
        var failed: Int?
        do {
            return try pool.withStore { store in
                try store.write { scope in
                    try group.indices.map { i in
                        do { return .success(try apply(group[i], to: store, in: scope)) } catch {
                            failed = i
                            throw error
                        }
                    }
                }
            }
        } catch {
            guard let failed, group.count > 1 else { return group.map { _ in .failure(error) } }
            var others = group
            others.remove(at: failed)
            var results = apply(others, pool: pool)
            results.insert(apply([group[failed]], pool: pool)[0], at: failed)
            return results
        }
    }

    /// One push of a group, in the group's write.
    private static func apply(_ push: PendingPush, to store: Store, in scope: WriteScope) throws
        -> (response: [UInt8], tally: ApplyTally?) {
        let changeset = push.changeset
        if let previous = try store.changesetResponse(changeset.changesetID) { return (Array(previous.utf8), nil) }
        var response: [UInt8] = []
        let applier = ChangeSetApplier(trust: push.trust)
        let tally = try applier.applyVerified(changeset.revisions, refusals: push.refusals, from: push.peer, to: store,
                                              now: push.now, in: scope) { tally, scope in
            // Recorded in the same transaction, so a retried push answers the same.
            let result = PushResult(changesetID: changeset.changesetID, applied: tally.appliedIDs,
                                    alreadyHad: tally.alreadyHadIDs, conflicts: tally.conflictIDs,
                                    rejected: tally.rejections.map {
                                        PushResult.Rejection(revision: $0.revisionID, documentID: $0.documentID,
                                                             code: $0.code.rawValue, reason: $0.reason)
                                    })
            response = result.encoded()
            try store.recordChangeset(changeset.changesetID, origin: push.peer,
                                      response: String(decoding: response, as: UTF8.self), now: push.now, in: scope)
        }
        return (response, tally)
    }

    func json(_ body: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    func errorResponse(_ code: String, _ message: String, rejected: [RefusedRevision] = []) -> HTTPResponse {
        let body = ErrorBody(code: code, message: message, rejected: rejected)
        return json(body.encoded(), status: body.status)
    }

    /// Adds Content-Digest and the response signature (bound to the request's target URI).
    func signed(_ response: HTTPResponse, request: HTTPRequest, now: UInt64) -> HTTPResponse {
        guard let body = response.bodyBytes else { return response }
        var r = response
        let req = HTTPSignatureMessage.Request(method: request.method, targetURI: settings.publicURL + request.target)
        // A kept page carries the digest computed when it was built.
        let digest = r.headers[ContentDigest.headerName] ?? ContentDigest.header(for: body, hash: { SHA256.hash($0) })
        assert(digest == ContentDigest.header(for: body, hash: { SHA256.hash($0) }), "a kept page's digest no longer matches its body")
        do {
            try signer.signResponse(status: r.status, contentDigest: digest, request: req, now: Int64(now / 1000)).apply(to: &r.headers)
        } catch {
            log.event("response_not_signed", ["path": request.path, "error": String(describing: error)])
        }
        return r
    }
}
