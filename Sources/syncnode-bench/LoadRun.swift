import Foundation
import SyncProtocol

/// Runs the serve benchmark's clients against one server: every client on
/// its own thread and connection, one untimed warm-up request each (the TLS
/// handshake), then all start together; pullers cycle through the page
/// starts, pushers send their prepared change-sets, each a fixed number of
/// requests. Wall time is from the start to the last answer.
struct LoadRun {
    let pullers: [LoadClient]
    let pushers: [LoadClient]
    /// Where each page of the snapshot starts (`since`).
    let pageStarts: [UInt64]
    let pageLimit: Int
    let requests: Int
    /// Per pusher, `requests` change-sets and their encoded bodies.
    let changesets: [[(ChangeSetPush, [UInt8])]]

    func run() -> LoadResult {
        let total = pullers.count + pushers.count
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let collected = Locked(LoadResult())
        let starts = pageStarts, limit = pageLimit, count = requests

        for (index, client) in (pullers + pushers).enumerated() {
            let isPuller = index < pullers.count
            let work = isPuller ? [] : changesets[index - pullers.count]
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                var latencies: [Double] = []
                var errors = 0, acknowledged = 0
                var firstError: String?
                do { _ = try client.pull(ChangesQuery(since: 0, limit: limit)) } catch {
                    errors += 1
                    firstError = "\(client.name) warm-up: \(error)"
                }
                ready.signal()
                go.wait()
                for r in 0..<count {
                    let watch = Stopwatch()
                    do {
                        if isPuller {
                            _ = try client.pull(ChangesQuery(since: starts[(index + r) % starts.count], limit: limit))
                        } else {
                            acknowledged += try client.push(work[r].0, body: work[r].1)
                        }
                        latencies.append(watch.seconds)
                    } catch {
                        errors += 1
                        firstError = firstError ?? "\(client.name): \(error)"
                    }
                }
                let done = (latencies, errors, acknowledged, firstError)
                collected.withLock { result in
                    if isPuller { result.pullLatencies += done.0 } else { result.pushLatencies += done.0 }
                    result.errors += done.1
                    result.acknowledged += done.2
                    result.firstError = result.firstError ?? done.3
                }
            }
        }
        for _ in 0..<total { ready.wait() }
        let watch = Stopwatch()
        for _ in 0..<total { go.signal() }
        finished.wait()
        let seconds = watch.seconds, cpu = watch.cpuSeconds
        return collected.withLock { result in
            result.seconds = seconds
            result.clientCPUSeconds = cpu
            return result
        }
    }
}
