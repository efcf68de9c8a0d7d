internal import COpenSSL
import Glibc

/// When an X.509 certificate (PEM) stops being valid: `syncnode doctor`
/// warns before a TLS certificate expires and breaks the federation.
package enum CertificateExpiry {
    /// Seconds since 1970 of the first certificate's notAfter in `pem`.
    /// - Throws: `CryptoError(.invalidPEM)` when no certificate can be read.
    package static func notAfter(pem: String) throws -> Int64 {
        let bytes = Array(pem.utf8)
        guard let bio = bytes.withUnsafeBytes({ copenssl_BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw OpenSSL.failure("cannot buffer the certificate", "BIO_new_mem_buf")
        }
        defer { copenssl_BIO_free(bio) }
        guard let certificate = copenssl_PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw OpenSSL.failure(.invalidPEM, "no PEM certificate could be read", "PEM_read_bio_X509")
        }
        defer { copenssl_X509_free(certificate) }
        guard let time = copenssl_X509_get0_notAfter(certificate) else {
            throw OpenSSL.failure("the certificate has no end of validity", "X509_get0_notAfter")
        }
        var parts = tm()
        guard copenssl_ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw OpenSSL.failure("the certificate's end of validity cannot be read", "ASN1_TIME_to_tm")
        }
        return Int64(timegm(&parts))
    }
}
