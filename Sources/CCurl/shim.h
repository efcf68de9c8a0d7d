#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

/* libcurl is loaded when the first request is made, not when the process
 * starts: libcurl and the libraries it needs (about 30 on Debian: nghttp2,
 * ssh2, ldap, kerberos, gnutls...) cost about 2 ms of dynamic linking in
 * every process, and most syncnode commands (list, show, search, stats)
 * never make a request. So the module does not link libcurl; every call
 * goes through a table filled by dlopen/dlsym on first use, one table per
 * process (below). */
struct ccurl_api {
    const char *error; /* NULL once every symbol is found */
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLcode (*easy_perform)(CURL *);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
};

struct ccurl_state {
    pthread_once_t once;
    struct ccurl_api api;
    char error[512];
};

/* One table per process: a weak definition, which every object file that
 * calls these functions emits and the linker merges into one. (A static,
 * even a function-local one, gave each object file its own table, filled
 * by its own dlopen: a first call in another file then waited for the
 * dynamic loader whenever another thread was loading a library.) */
__attribute__((weak)) struct ccurl_state ccurl_shared_state = { PTHREAD_ONCE_INIT };

static inline struct ccurl_state *ccurl_state(void) {
    return &ccurl_shared_state;
}
#define ccurl_table (ccurl_state()->api)
#define ccurl_table_error (ccurl_state()->error)

static void ccurl_fill_table(void) {
    void *lib = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (lib == NULL) {
        const char *why = dlerror();
        snprintf(ccurl_table_error, sizeof ccurl_table_error, "%s", why ? why : "dlopen(libcurl.so.4) failed");
        ccurl_table.error = ccurl_table_error;
        return;
    }
#define CCURL_SYMBOL(field, name)                                                                 \
    if ((*(void **)&ccurl_table.field = dlsym(lib, name)) == NULL) {                             \
        snprintf(ccurl_table_error, sizeof ccurl_table_error, "libcurl.so.4 lacks %s", name);   \
        ccurl_table.error = ccurl_table_error;                                                   \
        return;                                                                                  \
    }
    CCURL_SYMBOL(global_init, "curl_global_init")
    CCURL_SYMBOL(easy_init, "curl_easy_init")
    CCURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    CCURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    CCURL_SYMBOL(easy_perform, "curl_easy_perform")
    CCURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    CCURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    CCURL_SYMBOL(slist_append, "curl_slist_append")
    CCURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef CCURL_SYMBOL
    ccurl_table.error = NULL;
}

/* Loads libcurl if it is not loaded yet. Returns NULL when it is ready, else
 * why not (the library or one of its symbols is missing). Every wrapper
 * below calls it; callers call it first to report the reason. */
static inline const char *ccurl_load(void) {
    if (pthread_once(&ccurl_state()->once, ccurl_fill_table) != 0) return "pthread_once failed";
    return ccurl_table.error;
}

/* The libcurl calls Swift makes. Each fails as libcurl itself would (NULL
 * or CURLE_FAILED_INIT) when the library could not be loaded. */
static inline CURLcode ccurl_global_init(long flags) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.global_init(flags); }
static inline CURL *ccurl_easy_init(void) { return ccurl_load() ? NULL : ccurl_table.easy_init(); }
static inline CURLcode ccurl_easy_perform(CURL *h) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_perform(h); }
static inline void ccurl_easy_cleanup(CURL *h) { if (!ccurl_load()) ccurl_table.easy_cleanup(h); }
static inline const char *ccurl_easy_strerror(CURLcode c) { return ccurl_load() ? "libcurl is not loaded" : ccurl_table.easy_strerror(c); }
static inline struct curl_slist *ccurl_slist_append(struct curl_slist *l, const char *s) { return ccurl_load() ? NULL : ccurl_table.slist_append(l, s); }
static inline void ccurl_slist_free_all(struct curl_slist *l) { if (!ccurl_load()) ccurl_table.slist_free_all(l); }

/* curl_easy_setopt and curl_easy_getinfo are variadic: one typed wrapper per
 * argument type Swift passes. */
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write(CURL *h, curl_write_callback cb) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_setopt(h, CURLOPT_WRITEFUNCTION, cb); }
static inline CURLcode ccurl_setopt_header(CURL *h, curl_write_callback cb) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_setopt(h, CURLOPT_HEADERFUNCTION, cb); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return ccurl_load() ? CURLE_FAILED_INIT : ccurl_table.easy_getinfo(h, i, v); }

/* Response buffers and glibc (see ResponseMemory.swift): mallopt returns 1
 * on success; malloc_trim 1 if memory was released. Both are glibc calls
 * that Swift's Glibc module does not export (malloc.h). */
static inline int ccurl_fix_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
static inline int ccurl_release_free_memory(void) { return malloc_trim(0); }
#endif
