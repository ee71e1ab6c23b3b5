/*
 * cold_start.c: what the first call of a process costs. Loads the library with dlopen, then
 * times its first vbomfa_vbo_request (runtime, TLS configuration, trust roots, connection,
 * handshake, request), then a request on a second, new connection (a pool of its own: other
 * connect_timeout_ms) in the now warm process: the network part (TCP and TLS handshake on
 * loopback and the request). Cold start beyond the network = load + first - second.
 *
 * Usage: cold_start LIBRARY_PATH BASE_URL CA_FILE FIXTURES_DIR
 * Prints one JSON line with the three times in ms.
 */
#include <dlfcn.h>

#include "measure.h"

typedef int32_t (*request_fn)(const char *, const char *, const char *, const char *,
                              const char *, const char *, char **);
typedef void (*free_fn)(char *);

static double request_ms(request_fn request, free_fn release, const char *url,
                         const char *token, const char *options) {
    char *out = NULL;
    int64_t t = now_ns();
    int32_t status = request(url, token, "GET", "/Organization", NULL, options, &out);
    double ms = (now_ns() - t) / 1e6;
    if (status != 0) {
        fprintf(stderr, "status %d: %s\n", status, out ? out : "");
        exit(1);
    }
    release(out);
    return ms;
}

int main(int argc, char **argv) {
    char options[1024], fresh_options[1024], path[1024];
    int64_t t0;
    double load_ms, first_ms, network_ms;
    void *library;
    request_fn request;
    free_fn release;
    char *token;
    if (argc != 5) {
        fprintf(stderr, "usage: cold_start LIBRARY_PATH BASE_URL CA_FILE FIXTURES_DIR\n");
        return 2;
    }
    snprintf(path, sizeof path, "%s/access_token.txt", argv[4]);
    token = read_file(path);
    snprintf(options, sizeof options, "{\"tls_ca_file\":\"%s\",\"api_version\":\"v8\"}",
             argv[3]);
    snprintf(fresh_options, sizeof fresh_options,
             "{\"tls_ca_file\":\"%s\",\"api_version\":\"v8\",\"connect_timeout_ms\":9999}",
             argv[3]);
    t0 = now_ns();
    library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    request = (request_fn)dlsym(library, "vbomfa_vbo_request");
    release = (free_fn)dlsym(library, "vbomfa_string_free");
    load_ms = (now_ns() - t0) / 1e6;
    first_ms = request_ms(request, release, argv[2], token, options);
    network_ms = request_ms(request, release, argv[2], token, fresh_options);
    printf("{\"load_ms\":%.2f,\"first_call_ms\":%.2f,\"new_connection_ms\":%.2f,"
           "\"beyond_network_ms\":%.2f}\n",
           load_ms, first_ms, network_ms, load_ms + first_ms - network_ms);
    return 0;
}
