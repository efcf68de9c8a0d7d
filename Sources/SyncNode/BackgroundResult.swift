import Dispatch

/// A value worked out on a pool thread while the caller does something
/// else (the next batch of an import signed, or its next lines parsed),
/// then waited for: a queue of one.
///
/// `@unchecked Sendable`: `value` is written by the pool thread before
/// `done` is signalled, and read only after `done` was waited for.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            value = work()
            done.signal()
        }
    }

    /// Waits for the value (once; later calls return at once).
    func get() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}
