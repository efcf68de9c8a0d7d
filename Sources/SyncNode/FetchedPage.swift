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

    init(_ page: ChangesPage, from peer: String, trust: TrustStore) {
        let revisions = page.entries.map(\.revision)
        self.init(page, revisions: revisions, contentProblems: ChangeSetApplier.contentProblems(of: revisions, from: peer),
                  trust: trust)
    }

    /// The same page checked against another trust store (a key adopted
    /// since the page was fetched).
    func checked(with trust: TrustStore) -> FetchedPage {
        FetchedPage(page, revisions: revisions, contentProblems: contentProblems, trust: trust)
    }

    private init(_ page: ChangesPage, revisions: [SignedRevision], contentProblems: [RevisionRejection?], trust: TrustStore) {
        self.page = page
        self.revisions = revisions
        self.contentProblems = contentProblems
        self.trust = trust
        let check = SignatureCheck(revisions, trust: trust)
        check.work()
        verdicts = check.verdicts
    }
}
