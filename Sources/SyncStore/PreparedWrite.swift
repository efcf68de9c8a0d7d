import SyncCore

/// A local revision with its write event taken but not yet signed
/// (`Store.prepareLocal`), and the document row it was built from.
package struct PreparedWrite {
    package let revision: Revision
    let known: Store.DocumentRow?
}
