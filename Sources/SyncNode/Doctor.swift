import FoundationEssentials
import Glibc
import SyncCrypto
import SyncStore

/// `syncnode doctor`: checks what breaks a node in production before it
/// does (file permissions, the store, certificate expiry, and each peer's
/// reachability, TLS, key and clock) and says what to fix.
package struct Doctor: Sendable {
    package let home: NodeHome
    /// Certificates to check for expiry besides the client certificates
    /// (e.g. serve's `--cert`).
    package var certificates: [String] = []
    package var timeouts = PeerClient.Timeouts()
    /// Warn this many days before a certificate expires.
    package var expiryWarningDays: Int64 = 21
    /// Warn when a peer's clock differs by more than this (signatures allow 60 s).
    package var skewWarningSeconds: Int64 = 20

    package init(home: NodeHome) {
        self.home = home
    }

    package func run() -> [DoctorFinding] {
        var findings = permissions()
        let node: LocalNode
        do { node = try LocalNode.open(home: home, readOnly: true) } catch {
            findings.append(DoctorFinding("store", .problem, "the node cannot be opened: \(error)"))
            return findings
        }
        findings.append(integrity(node.store))
        let trust: TrustStore
        do { trust = try TrustStore(directory: home.peersPath, selfIdentity: node.identity) } catch {
            findings.append(DoctorFinding("peers", .problem, "\(error)"))
            return findings
        }
        var certificates = self.certificates
        if FileManager.default.fileExists(atPath: home.clientCertificatePath) { certificates.append(home.clientCertificatePath) }
        for peer in trust.peers.values {
            if let own = peer.clientCertificatePaths(peersDirectory: home.peersPath) { certificates.append(own.certificateFile) }
        }
        for file in Set(certificates).sorted() { findings.append(expiry(file)) }
        let key: Ed25519PrivateKey
        do { key = try LocalNode.loadKey(home) } catch {
            findings.append(DoctorFinding("key", .problem, "\(error)"))
            return findings
        }
        let runner = SyncRunner(home: home, identity: node.identity, key: key, log: Logger(enabled: false))
        for name in trust.peers.keys.sorted() {
            findings.append(check(trust.peers[name]!, trust: trust, identity: node.identity, key: key, runner: runner))
        }
        return findings
    }

    func permissions() -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        func mode(_ path: String) -> Int? {
            var info = stat()
            return stat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : nil
        }
        if let m = mode(home.path), m & 0o022 != 0 {
            out.append(DoctorFinding("permissions", .problem, "others may write the home \(home.path) (mode \(String(m, radix: 8))): `chmod 700 \(home.path)`"))
        }
        if let m = mode(home.privateKeyPath) {
            if m & 0o077 != 0 {
                out.append(DoctorFinding("permissions", .problem, "the node key \(home.privateKeyPath) is readable by others (mode \(String(m, radix: 8))): `chmod 600 \(home.privateKeyPath)`, and rotate the key if someone may have copied it"))
            }
        }
        if out.isEmpty { out.append(DoctorFinding("permissions", .ok, "the home and the node key are private to their owner")) }
        return out
    }

    func integrity(_ store: Store) -> DoctorFinding {
        do {
            let verdict = try store.quickCheck()
            if verdict == "ok" { return DoctorFinding("store", .ok, "the store passes SQLite's quick check") }
            return DoctorFinding("store", .problem, "the store is damaged (\(verdict)): restore it from a backup (docs/operations.md)")
        } catch {
            if let failure = StoreFailure(error) { return DoctorFinding("store", .problem, StoreAdvice.sentence(failure)) }
            return DoctorFinding("store", .problem, "\(error)")
        }
    }

    func expiry(_ file: String) -> DoctorFinding {
        let check = "certificate \(file)"
        guard let data = FileManager.default.contents(atPath: file) else {
            return DoctorFinding(check, .problem, "cannot read \(file): check the path and that this user may read it")
        }
        let end: Int64
        do { end = try CertificateExpiry.notAfter(pem: String(decoding: data, as: UTF8.self)) } catch {
            return DoctorFinding(check, .problem, "\(file) holds no readable PEM certificate: \(error)")
        }
        let now = Int64(WallClock.nowMillis() / 1000)
        let until = WallClock.iso8601(UInt64(max(0, end)) * 1000)
        if end <= now { return DoctorFinding(check, .problem, "expired at \(until): renew it now (peers refuse the connection)") }
        let days = (end - now) / 86_400
        if days < expiryWarningDays { return DoctorFinding(check, .warning, "expires in \(days) days (\(until)): renew it soon") }
        return DoctorFinding(check, .ok, "valid until \(until)")
    }

    func check(_ peer: PeerConfig, trust: TrustStore, identity: NodeIdentity, key: Ed25519PrivateKey,
               runner: SyncRunner) -> DoctorFinding {
        let check = "peer \(peer.name)"
        do {
            let client = try PeerClient(peer: peer, identity: identity, key: key, trust: trust, timeouts: timeouts,
                                        clientCertificate: runner.clientCertificate(for: peer))
            let adoption = try client.checkKey()
            var notes: [String] = []
            var level = DoctorFinding.Level.ok
            if let adoption {
                level = .warning
                notes.append("it rotated its key to \(adoption.newKey.keyID), signed by the key this node trusts: the next sync adopts it")
            } else {
                notes.append("reachable at \(peer.url), TLS verified, answers with the trusted key \(peer.publicKey.keyID)")
            }
            if let skew = client.clockSkewSeconds {
                if abs(skew) > skewWarningSeconds {
                    level = .warning
                    notes.append("its clock is \(abs(skew)) s \(skew > 0 ? "ahead of" : "behind") this node's: signatures allow 60 s, so keep both clocks on NTP (`timedatectl status`)")
                } else {
                    notes.append("clocks agree within \(abs(skew)) s")
                }
            }
            return DoctorFinding(check, level, notes.joined(separator: "; "), peer: peer.name)
        } catch let e as PeerError {
            return DoctorFinding(check, .problem, e.message, peer: peer.name)
        } catch {
            return DoctorFinding(check, .problem, "\(error)", peer: peer.name)
        }
    }
}
