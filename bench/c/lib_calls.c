/*
 * lib_calls.c: the library through its C ABI, as a host calls it: vbomfa_vbo_request GET or
 * vbomfa_exchange_vbo_token, each call with its options_json, each result freed.
 *
 * Usage: lib_calls get|token BASE_URL CA_FILE FIXTURES_DIR N
 */
#include "calls.h"
#include "vbo_mfa_auth.h"

struct state {
    const char *mode;
    const char *base_url;
    char options[1024];
    char *access_token;
    char *assertion;
};

static int one_call(void *user) {
    struct state *s = user;
    char *out = NULL;
    vbomfa_status status;
    if (s->access_token != NULL) {
        status = vbomfa_vbo_request(s->base_url, s->access_token, "GET", "/Organization", NULL,
                                    s->options, &out);
    } else {
        status = vbomfa_exchange_vbo_token(s->base_url, "contoso.onmicrosoft.com", s->assertion,
                                           s->options, &out);
    }
    if (status != VBOMFA_OK) {
        fprintf(stderr, "%s: %s\n", vbomfa_status_name(status), out ? out : "");
    }
    vbomfa_string_free(out);
    return status == VBOMFA_OK ? 0 : 1;
}

int main(int argc, char **argv) {
    struct state s = {0};
    char path[1024];
    if (argc != 6) {
        fprintf(stderr, "usage: lib_calls get|token BASE_URL CA_FILE FIXTURES_DIR N\n");
        return 2;
    }
    s.mode = argv[1];
    s.base_url = argv[2];
    snprintf(s.options, sizeof s.options, "{\"tls_ca_file\":\"%s\",\"api_version\":\"v8\"}",
             argv[3]);
    if (strcmp(s.mode, "get") == 0) {
        snprintf(path, sizeof path, "%s/access_token.txt", argv[4]);
        s.access_token = read_file(path);
    } else {
        snprintf(path, sizeof path, "%s/assertion.json", argv[4]);
        s.assertion = read_file(path);
    }
    return time_calls("library", s.mode, strtoul(argv[5], NULL, 10), one_call, &s);
}
