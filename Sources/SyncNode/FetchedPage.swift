import SyncCore
import SyncProtocol

/// A change-log page with everything about its revisions that needs no
/// store: their content checks (`ChangeSetApplier.contentProblems`) and
/// their signature verdicts against `trust`. Worked out on the thread
/// that fetched the page, so that the thread applying pages only applies.
struct FetchedPage {
    let page: ChangesPage
    let revisions: [SignedRevision]
    let contentProblems: [RevisionRejection?]
    /// The trust store the verdicts were reached with.
    let trust: TrustStore
    let verdicts: [TrustStore.Verdict]

    /// - Parameter share: given the page's signature checks before they
    ///   start, so that a thread with nothing else to do can join in
    ///   (`SignatureCheck.work`).
    init(_ page: ChangesPage, from peer: String, trust: TrustStore, sharing share: (SignatureCheck) -> Void = { _ in }) {
        let revisions = page.entries.map(\.revision)
        self.init(page, revisions: revisions, trust: trust, share: share) {
            ChangeSetApplier.contentProblems(of: revisions, from: peer)
        }
    }

    /// Per revision, why it must not reach the store (nil: it may), as
    /// `ChangeSetApplier.verify` says for a change-set.
    /// - Throws: `ChangeSetRejected` when a signature does not verify (tampering).
    func refusals(from peer: String) throws -> [RevisionRejection?] {
        try ChangeSetApplier.refusals(revisions, verdicts: verdicts, contentProblems: contentProblems, from: peer)
    }

    /// The same page checked against another trust store (a key adopted
    /// since the page was fetched).
    func checked(with trust: TrustStore) -> FetchedPage {
        FetchedPage(page, revisions: revisions, trust: trust, share: { _ in }) { contentProblems }
    }

    private init(_ page: ChangesPage, revisions: [SignedRevision], trust: TrustStore, share: (SignatureCheck) -> Void,
                 contentProblems: () -> [RevisionRejection?]) {
        self.page = page
        self.revisions = revisions
        self.trust = trust
        let check = SignatureCheck(revisions, trust: trust)
        share(check)
        self.contentProblems = contentProblems()
        check.work()
        check.waitUntilChecked()
        verdicts = check.verdicts
    }
}
