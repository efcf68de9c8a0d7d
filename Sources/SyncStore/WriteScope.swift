/// Proof that the code holding it runs inside `Store.write`: only `write`
/// makes one, and hands it to its body. The store's functions that must run
/// in a write transaction (apply a revision, take a write event, save a
/// checkpoint with the data it accounts for) take it as a parameter, so that
/// calling one outside a write does not compile.
///
/// Use it only inside the body it was given to (do not keep it): after the
/// body returns, the transaction it stood for has ended.
package struct WriteScope {
    init() {}
}

@available(*, unavailable)
extension WriteScope: Sendable {}
