import Foundation

/// A throwaway CA and TLS server certificates for 127.0.0.1 and localhost,
/// made with the `openssl` command-line tool (the demo and the benchmark).
public struct DemoCertificates {
    public let directory: String
    public var caFile: String { directory + "/demo-ca.pem" }

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", directory + "/demo-ca.key", "-out", directory + "/demo-ca.pem", "-days", "2",
                          "-subj", "/CN=syncnode demo CA", "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// Issues a server certificate for `name`; returns (certificate, key) paths.
    public func issue(for name: String) throws -> (cert: String, key: String) {
        let base = directory + "/" + name
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", base + ".key", "-out", base + ".csr", "-subj", "/CN=\(name)"])
        let ext = base + ".ext"
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n".utf8)
            .write(to: URL(fileURLWithPath: ext))
        try Self.openssl(["x509", "-req", "-in", base + ".csr", "-CA", caFile, "-CAkey", directory + "/demo-ca.key",
                          "-CAcreateserial", "-out", base + ".pem", "-days", "2", "-extfile", ext])
        return (base + ".pem", base + ".key")
    }

    static func openssl(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw NodeError(.failure, "cannot run openssl (needed for the demo's throwaway CA): \(error). Install it: apt-get install openssl")
        }
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NodeError(.failure, "openssl \(args.first ?? "") failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
