import SyncProtocol

/// A change-log page with the content checks of its revisions
/// (`ChangeSetApplier.contentProblems`), worked out where it was fetched so
/// that the thread applying pages does not spend its time on them.
struct FetchedPage {
    let page: ChangesPage
    let contentProblems: [RevisionRejection?]

    init(_ page: ChangesPage, from peer: String) {
        self.page = page
        contentProblems = ChangeSetApplier.contentProblems(of: page.entries.map(\.revision), from: peer)
    }
}
