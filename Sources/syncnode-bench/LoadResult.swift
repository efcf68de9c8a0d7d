/// What one load run measured against one server (the node or nginx).
struct LoadResult {
    var seconds = 0.0
    var pullLatencies: [Double] = []
    var pushLatencies: [Double] = []
    var errors = 0
    var firstError: String?
    /// Revisions the server acknowledged for the pushes (node: applied or already had).
    var acknowledged = 0
    var serverPeakMB = 0.0
    /// CPU seconds the server process(es) used during the run.
    var serverCPUSeconds = 0.0
    /// CPU seconds the clients (this process) used during the run: they
    /// share the cores with the server, so a costlier client (the node's
    /// answers are verified, nginx's are not) slows the server's run too.
    var clientCPUSeconds = 0.0

    var requests: Int { pullLatencies.count + pushLatencies.count + errors }
    var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
}
