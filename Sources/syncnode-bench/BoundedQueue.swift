import Foundation

/// A blocking FIFO with a capacity: floor B's chunks on their way to the
/// verifier threads (`FloorPipeline`). `close()` ends it: `pop()` then
/// drains what is left and returns nil.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `items` and `closed` are only touched while
    // holding `condition`'s lock.
    private let condition = NSCondition()
    /// Popped slots are set to nil at once, so their memory goes back.
    private var items: [Element?] = []
    private var head = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func push(_ item: Element) {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !closed { condition.wait() }
        items.append(item)
        condition.broadcast()
    }

    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        items[head] = nil
        head += 1
        if head >= 256 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
