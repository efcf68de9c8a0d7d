import Foundation

/// The nginx side of the serve benchmark: a scratch directory with the
/// node's page bytes as static files and an nginx.conf for TLS 1.3 only on
/// 127.0.0.1 (same certificate as the node). `GET /v1/changes?since=S`
/// serves `pages/S.json`; `POST /v1/changesets` reads the body and answers
/// a fixed 200, so the pushers' requests cost nginx what a static answer
/// costs. nginx runs in the foreground (`daemon off`) as our child.
struct NginxSite {
    static let executable = "/usr/sbin/nginx"
    let directory: String
    let port: UInt16

    /// Writes the configuration and `pages` (since -> page body bytes).
    init(directory: String, port: UInt16, certificate: String, key: String, pages: [UInt64: [UInt8]]) throws {
        self.directory = directory
        self.port = port
        let fm = FileManager.default
        for sub in ["site/pages", "temp", "logs"] {
            try fm.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        for (since, bytes) in pages {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/site/pages/\(since).json"))
        }
        let temp = "\(directory)/temp"
        let conf = """
            daemon off;
            master_process on;
            worker_processes 2;
            user root;
            pid \(directory)/nginx.pid;
            error_log \(directory)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(temp)/body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
                client_max_body_size 16m;
                client_body_buffer_size 1m;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(certificate);
                    ssl_certificate_key \(key);
                    ssl_protocols TLSv1.3;
                    root \(directory)/site;
                    location = /v1/changes {
                        default_type application/json;
                        try_files /pages/$arg_since.json =404;
                    }
                    location = /v1/changesets {
                        default_type application/json;
                        return 200 '{"ok":true}';
                    }
                }
            }

            """
        try Data(conf.utf8).write(to: URL(fileURLWithPath: "\(directory)/nginx.conf"))
    }

    /// Starts nginx and waits (bounded) until it accepts connections.
    func start() throws -> ServerChild {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw BenchError("nginx is not installed (\(Self.executable)): apt-get install nginx")
        }
        let child = try ServerChild(name: "nginx", executable: Self.executable,
                                    arguments: ["-p", directory, "-e", "\(directory)/logs/error.log",
                                                "-c", "\(directory)/nginx.conf"],
                                    logPath: "\(directory)/logs/stderr.log")
        for _ in 0..<100 {
            if Self.accepts(port: port) { return child }
            guard child.isRunning else { break }
            usleep(100_000)
        }
        let log = (try? String(contentsOfFile: "\(directory)/logs/error.log", encoding: .utf8)) ?? ""
        child.stop()
        throw BenchError("nginx did not start listening on 127.0.0.1:\(port): \(log.suffix(500))")
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A free loopback port (bound to port 0 and released: a small race, fine for a benchmark).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else { throw BenchError("cannot find a free loopback port: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
