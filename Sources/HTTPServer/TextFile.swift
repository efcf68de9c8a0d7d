#if canImport(Glibc)
import Glibc
#endif

/// Reads small text files (PEM) with POSIX calls; this module avoids Foundation.
enum TextFile {
    static func read(_ path: String, what: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw HTTPServerError(.unreadableFile,
                                  "could not open \(what) file \(path): \(errnoText()). Check the path and its permissions.")
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HTTPServerError(.unreadableFile, "could not read \(what) file \(path): \(errnoText()).")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > 1 << 20 {
                throw HTTPServerError(.unreadableFile,
                                      "\(what) file \(path) is larger than 1 MiB; is it really a PEM file?")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func errnoText() -> String {
        let code = errno
        return String(cString: strerror(code)) + " (errno \(code))"
    }
}
