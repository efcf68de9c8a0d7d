internal import CMicroHTTPD

/// The verified client certificate of a mutual-TLS connection.
struct ClientCertificate {
    let subject: String
    let commonName: String?

    /// Verifies the peer chain against the configured client CA *and* the
    /// TLS-client key purpose (the handshake checks only the chain), then
    /// reads the subject. Nil if anything fails.
    static func verified(_ conn: OpaquePointer) -> ClientCertificate? {
        guard let session = mhd_shim_tls_session(conn) else { return nil }
        var status: UInt32 = 0
        let rc: Int32 = "1.3.6.1.5.5.7.3.2".withCString { oid in   // GNUTLS_KP_TLS_WWW_CLIENT
            var purpose = gnutls_typed_vdata_st()
            purpose.type = GNUTLS_DT_KEY_PURPOSE_OID
            purpose.data = UnsafeMutableRawPointer(mutating: oid).assumingMemoryBound(to: UInt8.self)
            purpose.size = 0
            return cmhd_gnutls_certificate_verify_peers(session, &purpose, 1, &status)
        }
        guard rc == GNUTLS_E_SUCCESS, status == 0 else { return nil }
        var count: UInt32 = 0
        guard let certs = cmhd_gnutls_certificate_get_peers(session, &count), count > 0 else { return nil }
        var crt: gnutls_x509_crt_t? = nil
        guard cmhd_gnutls_x509_crt_init(&crt) == GNUTLS_E_SUCCESS else { return nil }
        defer { cmhd_gnutls_x509_crt_deinit(crt) }
        guard cmhd_gnutls_x509_crt_import(crt, certs, GNUTLS_X509_FMT_DER) == GNUTLS_E_SUCCESS else { return nil }
        var dn = gnutls_datum_t()
        guard cmhd_gnutls_x509_crt_get_dn2(crt, &dn) == GNUTLS_E_SUCCESS, let data = dn.data else { return nil }
        defer { mhd_shim_gnutls_free(data) }
        let subject = String(decoding: UnsafeBufferPointer(start: data, count: Int(dn.size)), as: UTF8.self)

        var buf = [CChar](repeating: 0, count: 256)
        var size = buf.count
        let cnRC = buf.withUnsafeMutableBytes {
            cmhd_gnutls_x509_crt_get_dn_by_oid(crt, "2.5.4.3", 0, 0, $0.baseAddress, &size)
        }
        let cn = cnRC == GNUTLS_E_SUCCESS ? buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : nil
        return ClientCertificate(subject: subject, commonName: cn)
    }
}
