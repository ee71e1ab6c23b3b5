/*
 * lib_client.h: the library through its C ABI, as a host calls it: vbomfa_vbo_request GET
 * (get) or vbomfa_exchange_vbo_token (token), each call with its options_json, each result
 * freed.
 */
#ifndef BENCH_LIB_CLIENT_H
#define BENCH_LIB_CLIENT_H

#include "measure.h"
#include "vbo_mfa_auth.h"

struct lib_client {
    const char *base_url;
    char options[1024];
    char *access_token;
    char *assertion;
};

/* One call; 0 when it returned VBOMFA_OK. */
static int lib_client_call(void *user) {
    struct lib_client *c = user;
    char *out = NULL;
    vbomfa_status status;
    if (c->access_token != NULL) {
        status = vbomfa_vbo_request(c->base_url, c->access_token, "GET", "/Organization", NULL,
                                    c->options, &out);
    } else {
        status = vbomfa_exchange_vbo_token(c->base_url, "contoso.onmicrosoft.com", c->assertion,
                                           c->options, &out);
    }
    if (status != VBOMFA_OK) {
        fprintf(stderr, "%s: %s\n", vbomfa_status_name(status), out ? out : "");
    }
    vbomfa_string_free(out);
    return status == VBOMFA_OK ? 0 : 1;
}

static void lib_client_open(struct lib_client *c, const char *mode, const char *base_url,
                            const char *ca_file, const char *fixtures) {
    char path[1024];
    c->base_url = base_url;
    c->access_token = NULL;
    c->assertion = NULL;
    snprintf(c->options, sizeof c->options, "{\"tls_ca_file\":\"%s\",\"api_version\":\"v8\"}",
             ca_file);
    if (strcmp(mode, "get") == 0) {
        snprintf(path, sizeof path, "%s/access_token.txt", fixtures);
        c->access_token = read_file(path);
    } else {
        snprintf(path, sizeof path, "%s/assertion.json", fixtures);
        c->assertion = read_file(path);
    }
}

#endif
