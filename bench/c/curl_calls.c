/*
 * curl_calls.c: the baseline. libcurl with one easy handle (one kept-alive connection), the
 * same requests the library sends, to the same server.
 *
 * Usage: curl_calls get|token BASE_URL CA_FILE FIXTURES_DIR N
 *   get:   GET /v8/Organization with Authorization: Bearer, Accept and User-Agent;
 *   token: POST /v8/token with the library's exact form body (FIXTURES_DIR/token_form.txt).
 */
#include <curl/curl.h>

#include "calls.h"

struct state {
    CURL *curl;
    size_t received;
};

static size_t count_body(char *data, size_t size, size_t n, void *user) {
    (void)data;
    ((struct state *)user)->received += size * n;
    return size * n;
}

static int one_call(void *user) {
    struct state *s = user;
    long status = 0;
    s->received = 0;
    if (curl_easy_perform(s->curl) != CURLE_OK) {
        return 1;
    }
    curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
    return status == 200 && s->received > 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    char url[512], header[4096];
    struct curl_slist *headers = NULL;
    struct state s = {0};
    const char *mode, *dir;
    int rc;
    if (argc != 6) {
        fprintf(stderr, "usage: curl_calls get|token BASE_URL CA_FILE FIXTURES_DIR N\n");
        return 2;
    }
    mode = argv[1];
    dir = argv[4];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    s.curl = curl_easy_init();
    curl_easy_setopt(s.curl, CURLOPT_CAINFO, argv[3]);
    curl_easy_setopt(s.curl, CURLOPT_WRITEFUNCTION, count_body);
    curl_easy_setopt(s.curl, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(s.curl, CURLOPT_USERAGENT, "vbo_mfa_auth/0.1.0");
    curl_easy_setopt(s.curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    headers = curl_slist_append(headers, "Accept: application/json");
    /* No "Expect: 100-continue" round trip: the library sends the body at once. */
    headers = curl_slist_append(headers, "Expect:");
    if (strcmp(mode, "get") == 0) {
        char path[1024];
        snprintf(url, sizeof url, "%s/v8/Organization", argv[2]);
        snprintf(path, sizeof path, "%s/access_token.txt", dir);
        snprintf(header, sizeof header, "Authorization: Bearer %s", read_file(path));
        headers = curl_slist_append(headers, header);
    } else {
        char path[1024];
        snprintf(url, sizeof url, "%s/v8/token", argv[2]);
        snprintf(path, sizeof path, "%s/token_form.txt", dir);
        curl_easy_setopt(s.curl, CURLOPT_POSTFIELDS, read_file(path));
        headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
    }
    curl_easy_setopt(s.curl, CURLOPT_URL, url);
    curl_easy_setopt(s.curl, CURLOPT_HTTPHEADER, headers);
    rc = time_calls("curl", mode, strtoul(argv[5], NULL, 10), one_call, &s);
    curl_slist_free_all(headers);
    curl_easy_cleanup(s.curl);
    curl_global_cleanup();
    return rc;
}
