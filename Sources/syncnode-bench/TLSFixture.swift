import Foundation

/// A throwaway CA and a server certificate for 127.0.0.1, made with the
/// `openssl` command-line tool (P-256 keys; TLS 1.3 on both sides).
struct TLSFixture {
    let caFile: String
    let certificateFile: String
    let keyFile: String

    init(directory: String) throws {
        caFile = directory + "/ca.pem"
        certificateFile = directory + "/server.pem"
        keyFile = directory + "/server.key"
        let caKey = directory + "/ca.key", csr = directory + "/server.csr", ext = directory + "/server.ext"
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", caKey, "-out", caFile, "-days", "2", "-subj", "/CN=syncnode-bench CA",
                          "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", keyFile, "-out", csr, "-subj", "/CN=127.0.0.1"])
        try "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n"
            .write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial",
                          "-days", "2", "-sha256", "-extfile", ext, "-out", certificateFile])
    }

    static func openssl(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw BenchError("cannot run the openssl command-line tool (\(error)): install it (apt-get install openssl)")
        }
        let output = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BenchError("`openssl \(arguments.joined(separator: " "))` failed with status \(p.terminationStatus): "
                             + String(decoding: output, as: UTF8.self))
        }
    }
}
