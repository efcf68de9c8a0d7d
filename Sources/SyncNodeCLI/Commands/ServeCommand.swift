import FoundationEssentials
import Glibc
import SyncCore
import SyncNode

/// `syncnode serve`: the HTTPS endpoint peers pull from and push to.
enum ServeCommand {
    static let spec = CommandSpec(
        name: "serve", abstract: "Serve this node's change log to trusted peers over HTTPS (and optionally sync on a schedule).",
        discussion: "TLS 1.3 only, on GNU libmicrohttpd. Browsers and feed readers get a read-only web view and Atom feeds of the node's documents on the same address (every path outside /v1/ and /metrics; unsigned, no login; --no-web turns it off). SIGTERM or SIGINT stops it gracefully. With --sync-every the same process runs `syncnode sync` with every peer on that interval.",
        options: [
            .value("listen", "HOST:PORT", "Address to listen on (default 127.0.0.1:8443; port 0 picks a free one)."),
            .value("cert", "FILE", "The server's TLS certificate chain (PEM)."),
            .value("key", "FILE", "The certificate's private key (PEM)."),
            .value("client-ca", "FILE", "Require client certificates issued by this CA (mutual TLS)."),
            .value("public-url", "URL", "The URL peers use to reach this node (signatures cover it; default https://HOST:PORT)."),
            .value("sync-every", "INTERVAL", "Also sync with every peer this often, e.g. 15m, 1h."),
            .value("threads", "N", "Worker threads serving peers (default 4)."),
            .flag("public-pulls", "Let anyone pull the change log without a peer signature."),
            .flag("no-web", "Do not serve the read-only web view and Atom feeds (by default on every path outside /v1/ and /metrics)."),
            .flag("plain-http", "Serve plain HTTP (only on a loopback address; for local testing)."),
            .value("log-format", "FORMAT", "text (default) or json: one line per event on stderr."),
        ],
        examples: [
            CommandExample("syncnode serve --listen 0.0.0.0:8443 --public-url https://sync.birmingham.example:8443 --cert /etc/syncnode/tls/fullchain.pem --key /etc/syncnode/tls/privkey.pem",
                           "Serve peers (and the web view) on every address with a real certificate."),
            CommandExample("syncnode serve --cert tls/cert.pem --key tls/key.pem --client-ca tls/partners-ca.pem --sync-every 15m",
                           "On 127.0.0.1:8443, require client certificates from partners, and sync every 15 minutes."),
        ],
        run: { args, ctx in
            let listen = args.value("listen") ?? "127.0.0.1:8443"
            guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
                throw UsageError(message: "Invalid value '\(listen)' for '--listen': expected HOST:PORT, e.g. 0.0.0.0:8443", command: args.command)
            }
            var host = String(listen[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if ["0.0.0.0", "::", ""].contains(host) && args.value("public-url") == nil {
                throw UsageError(message: "Listening on all addresses (\(listen)) needs --public-url URL: peers sign requests for the URL they use, e.g. https://sync.birmingham.example:\(port)", command: args.command)
            }
            var settings = ServeSettings(host: host, port: port)
            settings.certificateFile = args.value("cert")
            settings.keyFile = args.value("key")
            settings.clientCAFile = args.value("client-ca")
            settings.publicURL = args.value("public-url")
            settings.plainHTTP = args.flag("plain-http")
            settings.allowPublicPulls = args.flag("public-pulls")
            settings.web = !args.flag("no-web")
            settings.threads = try args.int("threads", default: 4, range: 1...64)
            if let every = args.value("sync-every") {
                guard let d = DurationParser.parse(every), d >= .seconds(1) else {
                    throw UsageError(message: "Invalid value '\(every)' for '--sync-every': expected a duration of at least 1s, such as 30s, 15m or 1h", command: args.command)
                }
                settings.syncEvery = d
            }
            let log = Logger(format: try logFormat(args))
            try ctx.home(args).requireExists()
            let runner = ServeRunner(home: ctx.home(args), settings: settings, log: log)
            try runner.run { url in
                ctx.output.print("listening on \(url) (pid \(getpid()))")
            }
            return .success
        })

    static func logFormat(_ args: ParsedArguments) throws -> LogFormat {
        guard let f = args.value("log-format") else { return .text }
        guard let format = LogFormat(rawValue: f) else {
            throw UsageError(message: "Invalid value '\(f)' for '--log-format': expected 'text' or 'json'", command: args.command)
        }
        return format
    }
}
