#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

/* libcrypto is loaded when the first key, signature or digest needs it, not
 * when the process starts: linking and initialising OpenSSL 3 costs about
 * 0.5 ms in every process, and the commands that only read documents (list,
 * show, search, stats) never sign or verify. So the module does not link
 * libcrypto (no pkgConfig in Package.swift); every call goes through a
 * copenssl_* wrapper over a table filled by dlopen/dlsym on first use, as
 * CCurl and CMicroHTTPD do, one table per process (below). */
struct copenssl_api {
    const char *error; /* NULL once every symbol is found */
    __typeof__(EVP_MD_CTX_free) *EVP_MD_CTX_free;
    __typeof__(EVP_PKEY_free) *EVP_PKEY_free;
    __typeof__(EVP_MD_CTX_new) *EVP_MD_CTX_new;
    __typeof__(BIO_free) *BIO_free;
    __typeof__(EVP_sha256) *EVP_sha256;
    __typeof__(EVP_DigestUpdate) *EVP_DigestUpdate;
    __typeof__(EVP_DigestFinal_ex) *EVP_DigestFinal_ex;
    __typeof__(EVP_Digest) *EVP_Digest;
    __typeof__(BIO_new_mem_buf) *BIO_new_mem_buf;
    __typeof__(RAND_bytes) *RAND_bytes;
    __typeof__(PEM_write_bio_PrivateKey) *PEM_write_bio_PrivateKey;
    __typeof__(PEM_read_bio_X509) *PEM_read_bio_X509;
    __typeof__(PEM_read_bio_PrivateKey) *PEM_read_bio_PrivateKey;
    __typeof__(EVP_PKEY_new_raw_public_key) *EVP_PKEY_new_raw_public_key;
    __typeof__(EVP_PKEY_new_raw_private_key) *EVP_PKEY_new_raw_private_key;
    __typeof__(EVP_PKEY_get_raw_public_key) *EVP_PKEY_get_raw_public_key;
    __typeof__(EVP_PKEY_get_raw_private_key) *EVP_PKEY_get_raw_private_key;
    __typeof__(EVP_PKEY_get_id) *EVP_PKEY_get_id;
    __typeof__(EVP_DigestVerifyInit) *EVP_DigestVerifyInit;
    __typeof__(EVP_DigestVerify) *EVP_DigestVerify;
    __typeof__(EVP_DigestSignInit) *EVP_DigestSignInit;
    __typeof__(EVP_DigestSign) *EVP_DigestSign;
    __typeof__(EVP_DigestInit_ex) *EVP_DigestInit_ex;
    __typeof__(ERR_get_error) *ERR_get_error;
    __typeof__(ERR_error_string_n) *ERR_error_string_n;
    __typeof__(ERR_clear_error) *ERR_clear_error;
    __typeof__(BIO_s_mem) *BIO_s_mem;
    __typeof__(BIO_new) *BIO_new;
    __typeof__(BIO_ctrl) *BIO_ctrl;
    __typeof__(ASN1_TIME_to_tm) *ASN1_TIME_to_tm;
    __typeof__(X509_free) *X509_free;
    __typeof__(X509_get0_notAfter) *X509_get0_notAfter;
};

struct copenssl_state {
    pthread_once_t once;
    struct copenssl_api api;
    char error[512];
};

/* One table per process: a weak definition, which every object file that
 * calls these functions emits and the linker merges into one (as in CCurl). */
__attribute__((weak)) struct copenssl_state copenssl_shared_state = { PTHREAD_ONCE_INIT };

static inline struct copenssl_state *copenssl_state(void) {
    return &copenssl_shared_state;
}

static void copenssl_fill_table(void) {
    struct copenssl_state *st = copenssl_state();
    void *lib = dlopen("libcrypto.so.3", RTLD_LAZY | RTLD_LOCAL);
    if (lib == NULL) {
        const char *why = dlerror();
        snprintf(st->error, sizeof st->error, "%s", why ? why : "dlopen(libcrypto.so.3) failed");
        st->api.error = st->error;
        return;
    }
#define COPENSSL_SYMBOL(name)                                                           \
    if ((*(void **)&st->api.name = dlsym(lib, #name)) == NULL) {                        \
        snprintf(st->error, sizeof st->error, "libcrypto.so.3 lacks %s", #name);       \
        st->api.error = st->error;                                                      \
        return;                                                                         \
    }
    COPENSSL_SYMBOL(EVP_MD_CTX_free)
    COPENSSL_SYMBOL(EVP_PKEY_free)
    COPENSSL_SYMBOL(EVP_MD_CTX_new)
    COPENSSL_SYMBOL(BIO_free)
    COPENSSL_SYMBOL(EVP_sha256)
    COPENSSL_SYMBOL(EVP_DigestUpdate)
    COPENSSL_SYMBOL(EVP_DigestFinal_ex)
    COPENSSL_SYMBOL(EVP_Digest)
    COPENSSL_SYMBOL(BIO_new_mem_buf)
    COPENSSL_SYMBOL(RAND_bytes)
    COPENSSL_SYMBOL(PEM_write_bio_PrivateKey)
    COPENSSL_SYMBOL(PEM_read_bio_X509)
    COPENSSL_SYMBOL(PEM_read_bio_PrivateKey)
    COPENSSL_SYMBOL(EVP_PKEY_new_raw_public_key)
    COPENSSL_SYMBOL(EVP_PKEY_new_raw_private_key)
    COPENSSL_SYMBOL(EVP_PKEY_get_raw_public_key)
    COPENSSL_SYMBOL(EVP_PKEY_get_raw_private_key)
    COPENSSL_SYMBOL(EVP_PKEY_get_id)
    COPENSSL_SYMBOL(EVP_DigestVerifyInit)
    COPENSSL_SYMBOL(EVP_DigestVerify)
    COPENSSL_SYMBOL(EVP_DigestSignInit)
    COPENSSL_SYMBOL(EVP_DigestSign)
    COPENSSL_SYMBOL(EVP_DigestInit_ex)
    COPENSSL_SYMBOL(ERR_get_error)
    COPENSSL_SYMBOL(ERR_error_string_n)
    COPENSSL_SYMBOL(ERR_clear_error)
    COPENSSL_SYMBOL(BIO_s_mem)
    COPENSSL_SYMBOL(BIO_new)
    COPENSSL_SYMBOL(BIO_ctrl)
    COPENSSL_SYMBOL(ASN1_TIME_to_tm)
    COPENSSL_SYMBOL(X509_free)
    COPENSSL_SYMBOL(X509_get0_notAfter)
#undef COPENSSL_SYMBOL
    st->api.error = NULL;
}

/* Loads libcrypto if it is not loaded yet. NULL when it is ready, else why
 * not. Every wrapper calls it; SyncCrypto adds the reason to its errors. */
static inline const char *copenssl_load(void) {
    if (pthread_once(&copenssl_state()->once, copenssl_fill_table) != 0) return "pthread_once failed";
    return copenssl_state()->api.error;
}

/* The OpenSSL calls Swift makes. Each fails as OpenSSL itself would (NULL
 * or 0) when the library could not be loaded. */
static inline void copenssl_EVP_MD_CTX_free(EVP_MD_CTX *a0) { if (!copenssl_load()) copenssl_state()->api.EVP_MD_CTX_free(a0); }
static inline void copenssl_EVP_PKEY_free(EVP_PKEY *a0) { if (!copenssl_load()) copenssl_state()->api.EVP_PKEY_free(a0); }
static inline EVP_MD_CTX *copenssl_EVP_MD_CTX_new(void) { return copenssl_load() ? NULL : copenssl_state()->api.EVP_MD_CTX_new(); }
static inline int copenssl_BIO_free(BIO *a0) { return copenssl_load() ? 0 : copenssl_state()->api.BIO_free(a0); }
static inline const EVP_MD *copenssl_EVP_sha256(void) { return copenssl_load() ? NULL : copenssl_state()->api.EVP_sha256(); }
static inline int copenssl_EVP_DigestUpdate(EVP_MD_CTX *a0, const void *a1, size_t a2) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestUpdate(a0, a1, a2); }
static inline int copenssl_EVP_DigestFinal_ex(EVP_MD_CTX *a0, unsigned char *a1, unsigned int *a2) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestFinal_ex(a0, a1, a2); }
static inline int copenssl_EVP_Digest(const void *a0, size_t a1, unsigned char *a2, unsigned int *a3, const EVP_MD *a4, ENGINE *a5) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_Digest(a0, a1, a2, a3, a4, a5); }
static inline BIO *copenssl_BIO_new_mem_buf(const void *a0, int a1) { return copenssl_load() ? NULL : copenssl_state()->api.BIO_new_mem_buf(a0, a1); }
static inline int copenssl_RAND_bytes(unsigned char *a0, int a1) { return copenssl_load() ? 0 : copenssl_state()->api.RAND_bytes(a0, a1); }
static inline int copenssl_PEM_write_bio_PrivateKey(BIO *a0, const EVP_PKEY *a1, const EVP_CIPHER *a2, const unsigned char *a3, int a4, pem_password_cb *a5, void *a6) { return copenssl_load() ? 0 : copenssl_state()->api.PEM_write_bio_PrivateKey(a0, a1, a2, a3, a4, a5, a6); }
static inline X509 *copenssl_PEM_read_bio_X509(BIO *a0, X509 **a1, pem_password_cb *a2, void *a3) { return copenssl_load() ? NULL : copenssl_state()->api.PEM_read_bio_X509(a0, a1, a2, a3); }
static inline EVP_PKEY *copenssl_PEM_read_bio_PrivateKey(BIO *a0, EVP_PKEY **a1, pem_password_cb *a2, void *a3) { return copenssl_load() ? NULL : copenssl_state()->api.PEM_read_bio_PrivateKey(a0, a1, a2, a3); }
static inline EVP_PKEY *copenssl_EVP_PKEY_new_raw_public_key(int a0, ENGINE *a1, const unsigned char *a2, size_t a3) { return copenssl_load() ? NULL : copenssl_state()->api.EVP_PKEY_new_raw_public_key(a0, a1, a2, a3); }
static inline EVP_PKEY *copenssl_EVP_PKEY_new_raw_private_key(int a0, ENGINE *a1, const unsigned char *a2, size_t a3) { return copenssl_load() ? NULL : copenssl_state()->api.EVP_PKEY_new_raw_private_key(a0, a1, a2, a3); }
static inline int copenssl_EVP_PKEY_get_raw_public_key(const EVP_PKEY *a0, unsigned char *a1, size_t *a2) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_PKEY_get_raw_public_key(a0, a1, a2); }
static inline int copenssl_EVP_PKEY_get_raw_private_key(const EVP_PKEY *a0, unsigned char *a1, size_t *a2) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_PKEY_get_raw_private_key(a0, a1, a2); }
static inline int copenssl_EVP_PKEY_get_id(const EVP_PKEY *a0) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_PKEY_get_id(a0); }
static inline int copenssl_EVP_DigestVerifyInit(EVP_MD_CTX *a0, EVP_PKEY_CTX **a1, const EVP_MD *a2, ENGINE *a3, EVP_PKEY *a4) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestVerifyInit(a0, a1, a2, a3, a4); }
static inline int copenssl_EVP_DigestVerify(EVP_MD_CTX *a0, const unsigned char *a1, size_t a2, const unsigned char *a3, size_t a4) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestVerify(a0, a1, a2, a3, a4); }
static inline int copenssl_EVP_DigestSignInit(EVP_MD_CTX *a0, EVP_PKEY_CTX **a1, const EVP_MD *a2, ENGINE *a3, EVP_PKEY *a4) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestSignInit(a0, a1, a2, a3, a4); }
static inline int copenssl_EVP_DigestSign(EVP_MD_CTX *a0, unsigned char *a1, size_t *a2, const unsigned char *a3, size_t a4) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestSign(a0, a1, a2, a3, a4); }
static inline int copenssl_EVP_DigestInit_ex(EVP_MD_CTX *a0, const EVP_MD *a1, ENGINE *a2) { return copenssl_load() ? 0 : copenssl_state()->api.EVP_DigestInit_ex(a0, a1, a2); }
static inline unsigned long copenssl_ERR_get_error(void) { return copenssl_load() ? 0 : copenssl_state()->api.ERR_get_error(); }
static inline void copenssl_ERR_error_string_n(unsigned long a0, char *a1, size_t a2) { if (!copenssl_load()) copenssl_state()->api.ERR_error_string_n(a0, a1, a2); }
static inline void copenssl_ERR_clear_error(void) { if (!copenssl_load()) copenssl_state()->api.ERR_clear_error(); }
static inline const BIO_METHOD *copenssl_BIO_s_mem(void) { return copenssl_load() ? NULL : copenssl_state()->api.BIO_s_mem(); }
static inline BIO *copenssl_BIO_new(const BIO_METHOD *a0) { return copenssl_load() ? NULL : copenssl_state()->api.BIO_new(a0); }
static inline long copenssl_BIO_ctrl(BIO *a0, int a1, long a2, void *a3) { return copenssl_load() ? 0 : copenssl_state()->api.BIO_ctrl(a0, a1, a2, a3); }
static inline int copenssl_ASN1_TIME_to_tm(const ASN1_TIME *a0, struct tm *a1) { return copenssl_load() ? 0 : copenssl_state()->api.ASN1_TIME_to_tm(a0, a1); }
static inline void copenssl_X509_free(X509 *a0) { if (!copenssl_load()) copenssl_state()->api.X509_free(a0); }
static inline const ASN1_TIME *copenssl_X509_get0_notAfter(const X509 *a0) { return copenssl_load() ? NULL : copenssl_state()->api.X509_get0_notAfter(a0); }

/* BIO_get_mem_data is a macro; Swift cannot call it.
 * Returns the number of bytes in the memory BIO and points *out at them. */
static inline long syncnode_BIO_get_mem_data(BIO *bio, char **out) {
    return copenssl_BIO_ctrl(bio, BIO_CTRL_INFO, 0, (char *)out);
}
#endif
