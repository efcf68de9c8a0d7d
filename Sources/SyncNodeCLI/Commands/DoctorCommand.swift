import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode doctor`: what breaks a node in production, checked now.
enum DoctorCommand {
    static let spec = CommandSpec(
        name: "doctor", abstract: "Check the home's permissions, the store, certificate expiry, and each peer's reachability, TLS, key and clock; say what to fix.",
        discussion: "Exit status: 0 when nothing is wrong (warnings included), 69 when only peers have problems, 1 when this node has one.",
        options: [
            .value("cert", "FILE", "Also check this certificate's expiry (serve's --cert).", repeatable: true),
            .value("timeout", "SECONDS", "Per-peer request timeout (default 20)."),
            .flag("json", "Print the findings as a JSON array."),
        ],
        examples: [
            CommandExample("syncnode doctor",
                           "Check the home, the store and every peer; say what to fix."),
            CommandExample("syncnode doctor --cert /etc/syncnode/tls/fullchain.pem --json",
                           "Also check the server certificate's expiry; print the findings as JSON."),
        ],
        run: { args, ctx in
            var doctor = Doctor(home: ctx.home(args))
            doctor.certificates = args.values("cert")
            doctor.timeouts.request = .seconds(try args.int("timeout", default: 20, range: 1...3_600))
            let findings = doctor.run()
            if args.flag("json") {
                ctx.output.printJSON(.array(findings.map(\.json)))
            } else {
                for f in findings { ctx.output.print("\(NumberText.leftAligned(f.level.rawValue.uppercased(), 7)) \(f.check): \(f.message)") }
            }
            let problems = findings.filter { $0.level == .problem }
            if problems.contains(where: { $0.peer == nil }) { return .failure }
            return problems.isEmpty ? .success : .peerFailed
        })
}
