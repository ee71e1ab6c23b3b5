/*
 * curl_client.h: the baseline client. libcurl with one easy handle (one kept-alive
 * connection) sending the same requests the library sends, to the same server:
 *   get:   GET /v8/Organization with Authorization: Bearer, Accept and User-Agent;
 *   token: POST /v8/token with the library's exact form body (FIXTURES_DIR/token_form.txt).
 */
#ifndef BENCH_CURL_CLIENT_H
#define BENCH_CURL_CLIENT_H

#include <curl/curl.h>

#include "measure.h"

struct curl_client {
    CURL *curl;
    struct curl_slist *headers;
    size_t received;
};

static size_t curl_client_count(char *data, size_t size, size_t n, void *user) {
    (void)data;
    ((struct curl_client *)user)->received += size * n;
    return size * n;
}

/* One call; 0 when it answered 200 with a body. */
static int curl_client_call(void *user) {
    struct curl_client *c = user;
    long status = 0;
    c->received = 0;
    if (curl_easy_perform(c->curl) != CURLE_OK) {
        return 1;
    }
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
    return status == 200 && c->received > 0 ? 0 : 1;
}

static void curl_client_open(struct curl_client *c, const char *mode, const char *base_url,
                             const char *ca_file, const char *fixtures) {
    static char url[512], header[4096];
    char path[1024];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c->curl = curl_easy_init();
    c->headers = NULL;
    curl_easy_setopt(c->curl, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, curl_client_count);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "vbo_mfa_auth/0.1.0");
    curl_easy_setopt(c->curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    c->headers = curl_slist_append(c->headers, "Accept: application/json");
    /* No "Expect: 100-continue" round trip: the library sends the body at once. */
    c->headers = curl_slist_append(c->headers, "Expect:");
    if (strcmp(mode, "get") == 0) {
        snprintf(url, sizeof url, "%s/v8/Organization", base_url);
        snprintf(path, sizeof path, "%s/access_token.txt", fixtures);
        snprintf(header, sizeof header, "Authorization: Bearer %s", read_file(path));
        c->headers = curl_slist_append(c->headers, header);
    } else {
        snprintf(url, sizeof url, "%s/v8/token", base_url);
        snprintf(path, sizeof path, "%s/token_form.txt", fixtures);
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, read_file(path));
        c->headers =
            curl_slist_append(c->headers, "Content-Type: application/x-www-form-urlencoded");
    }
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
}

#endif
