import Foundation
import Subprocess
import Synchronization

/// A deliberately naive HTTP client for hostile-input tests: it writes raw
/// bytes over TLS (or plain TCP), possibly one byte at a time, and reports
/// what came back and whether the server closed the connection.
///
/// It runs `python3` with its `ssl` module as a child process (robust, and
/// independent of the libcurl client under test). Every run is bounded by
/// `maxDuration`. Loopback only.
///
///     let raw = TLSRawClient(port: port, caFile: ca.caCertificatePath)
///     let r = try raw.exchange(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
///     XCTAssertEqual(r.statusCodes, [200])
package struct TLSRawClient: Sendable {
    package enum TLSVersion: String, Sendable {
        case tls12 = "TLSv1_2"
        case tls13 = "TLSv1_3"
    }

    package var host: String
    package var port: UInt16
    /// CA file to verify the server with; nil speaks plain TCP (no TLS).
    package var caFile: String?
    /// Client certificate and key files for mutual TLS.
    package var clientCertificateFile: String?
    package var clientKeyFile: String?
    /// Highest TLS version offered (`.tls12` to test that TLS 1.2 is refused).
    package var maxTLSVersion: TLSVersion
    /// How long to wait for more response bytes once the request is written.
    package var readTimeout: Double
    /// Hard bound on one run, in seconds.
    package var maxDuration: Double

    package init(host: String = "127.0.0.1", port: UInt16, caFile: String?,
                clientCertificateFile: String? = nil, clientKeyFile: String? = nil,
                maxTLSVersion: TLSVersion = .tls13, readTimeout: Double = 3, maxDuration: Double = 20) {
        self.host = host
        self.port = port
        self.caFile = caFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.maxTLSVersion = maxTLSVersion
        self.readTimeout = readTimeout
        self.maxDuration = maxDuration
    }

    /// Writes `bytes` at once, then reads until the server closes or
    /// `readTimeout` passes without data.
    package func exchange(_ bytes: [UInt8]) throws -> TLSRawExchange {
        try start(prefix: bytes, trickle: [], interval: 0).wait()
    }

    /// Starts a client in the background that writes `prefix` at once, then
    /// `trickle` one byte every `interval` seconds, stopping early if the
    /// server closes; then reads as `exchange` does.
    package func start(prefix: [UInt8], trickle: [UInt8], interval: Double) throws -> Running {
        let config: [String: Any] = [
            "host": host, "port": Int(port), "ca": caFile as Any, "cert": clientCertificateFile as Any,
            "key": clientKeyFile as Any, "max_version": maxTLSVersion.rawValue,
            "prefix": Data(prefix).base64EncodedString(), "trickle": Data(trickle).base64EncodedString(),
            "interval": interval, "read_timeout": readTimeout, "max_duration": maxDuration,
        ]
        // The settings go through a file: large requests do not fit in argv.
        let file = NSTemporaryDirectory() + "tls-raw-client-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: file))
        return Running(arguments: ["python3", "-c", Self.script, file], settingsFile: file,
                       timeout: maxDuration + 15)
    }

    /// A client started with `start`: `wait()` for its result.
    package final class Running: Sendable {
        private let settingsFile: String
        private let outcome = Mutex<Result<ProcessRunner.Result, any Error>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        /// Runs python3 on a background thread; `ProcessRunner` kills it by
        /// its PID if it outlives `timeout` (a bound, not an assertion).
        init(arguments: [String], settingsFile: String, timeout: Double) {
            self.settingsFile = settingsFile
            Thread.detachNewThread { [self] in
                let result = Result { try ProcessRunner.run("/usr/bin/env", arguments, timeout: timeout) }
                outcome.withLock { $0 = result }
                done.signal()
            }
        }

        /// Waits for the client (bounded by its `maxDuration`) and returns what it saw.
        package func wait() throws -> TLSRawExchange {
            done.wait()
            done.signal()   // later calls return at once
            try? FileManager.default.removeItem(atPath: settingsFile)
            guard let finished = outcome.withLock({ $0 }) else {
                throw PythonEnv.Failure(description: "raw TLS client finished without a result")
            }
            let result = try finished.get()
            guard result.status == 0,
                  let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)),
                  let dict = object as? [String: Any] else {
                throw PythonEnv.Failure(description: "raw TLS client (python3) failed: \(result)")
            }
            let received = (dict["received"] as? String).flatMap { Data(base64Encoded: $0) } ?? Data()
            return TLSRawExchange(handshakeError: dict["handshake_error"] as? String,
                                  received: Array(received),
                                  closedByServer: dict["closed"] as? Bool ?? false,
                                  bytesSent: dict["sent"] as? Int ?? 0,
                                  transportError: dict["error"] as? String)
        }
    }

    /// TLS runs through memory BIOs over a plain socket, so that when the
    /// server answers and closes while the request is still being written
    /// (a head beyond its memory pool), the answer that arrived before the
    /// reset is still read and decrypted: a write error does not end the
    /// TLS session the way it does with a wrapped socket.
    static let script = #"""
import base64, json, socket, ssl, sys, time
with open(sys.argv[1]) as f:
    cfg = json.load(f)
t0 = time.monotonic()
out = {"handshake_error": None, "received": "", "closed": False, "sent": 0, "error": None}
def left():
    return max(0.05, cfg["max_duration"] - (time.monotonic() - t0))
def finish(data):
    out["received"] = base64.b64encode(data).decode()
    print(json.dumps(out))
    sys.exit(0)
class NoData(Exception):
    pass
class Conn:
    """Plain TCP, or TLS through memory BIOs when tls is given."""
    def __init__(self, raw, tls=None):
        self.raw, self.tls = raw, tls
        if tls:
            self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            self.obj = tls.wrap_bio(self.incoming, self.outgoing, server_hostname=cfg["host"])
    def _socket_read(self, timeout):
        # raises NoData when nothing arrives in time; b"" at end of stream
        if timeout <= 0:
            self.raw.setblocking(False)
        else:
            self.raw.settimeout(timeout)
        try:
            return self.raw.recv(65536)
        except (socket.timeout, BlockingIOError):
            raise NoData()
    def _flush(self):
        pending = self.outgoing.read()
        if pending:
            self.raw.settimeout(min(5.0, left()))
            self.raw.sendall(pending)
    def handshake(self):
        while True:
            try:
                self.obj.do_handshake()
                self._flush()
                return
            except ssl.SSLWantReadError:
                self._flush()
                try:
                    d = self._socket_read(min(5.0, left()))
                except NoData:
                    raise socket.timeout("handshake timed out")
                if d:
                    self.incoming.write(d)
                else:
                    self.incoming.write_eof()
    def send(self, b):
        if not self.tls:
            self.raw.settimeout(min(5.0, left()))
            self.raw.sendall(b)
            return
        self.obj.write(b)
        self._flush()
    def recv(self, timeout):
        # plaintext; b"" when the server closed; NoData after timeout
        if not self.tls:
            return self._socket_read(timeout)
        while True:
            try:
                return self.obj.read(65536)
            except ssl.SSLZeroReturnError:
                return b""
            except ssl.SSLWantReadError:
                d = self._socket_read(timeout)
                if d:
                    self.incoming.write(d)
                else:
                    self.incoming.write_eof()
try:
    raw = socket.create_connection((cfg["host"], cfg["port"]), timeout=min(5.0, left()))
except Exception as e:
    out["handshake_error"] = "connect: %r" % (e,)
    finish(b"")
ctx = None
if cfg["ca"]:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cfg["ca"])
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = getattr(ssl.TLSVersion, cfg["max_version"])
    if cfg["cert"]:
        ctx.load_cert_chain(cfg["cert"], cfg["key"])
conn = Conn(raw, ctx)
if ctx:
    try:
        conn.handshake()
    except Exception as e:
        out["handshake_error"] = "%s: %s" % (e.__class__.__name__, e)
        out["closed"] = True
        finish(b"")
data = b""
def read_rest(timeout):
    # reads until the server closes, fails, or is silent for timeout
    global data
    try:
        while True:
            d = conn.recv(min(timeout, left()))
            if not d:
                out["closed"] = True
                return
            data += d
            if time.monotonic() - t0 >= cfg["max_duration"]:
                return
    except NoData:
        pass
    except (OSError, ssl.SSLError) as e:
        out["error"] = out["error"] or "%s: %s" % (e.__class__.__name__, e)
        out["closed"] = True
def closed_now():
    # non-blocking probe: has the server closed or reset?
    global data
    try:
        d = conn.recv(0)
        if d == b"":
            return True
        data += d
        return False
    except NoData:
        return False
    except (OSError, ssl.SSLError) as e:
        out["error"] = "%s: %s" % (e.__class__.__name__, e)
        return True
try:
    prefix = base64.b64decode(cfg["prefix"])
    if prefix:
        conn.send(prefix)
        out["sent"] += len(prefix)
    for b in base64.b64decode(cfg["trickle"]):
        if time.monotonic() - t0 >= cfg["max_duration"]:
            break
        time.sleep(cfg["interval"])
        if closed_now():
            out["closed"] = True
            finish(data)
        conn.send(bytes([b]))
        out["sent"] += 1
except (OSError, ssl.SSLError) as e:
    # The server stopped reading (answered and closed, or reset): what it
    # sent before that is still in the socket; read it.
    out["error"] = "%s: %s" % (e.__class__.__name__, e)
    out["closed"] = True
    read_rest(1.0)
    finish(data)
read_rest(cfg["read_timeout"])
finish(data)
"""#
}
