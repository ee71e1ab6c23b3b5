/*
 * flow_test.c: the whole tenant sign-in through the C ABI, as a C program writes it.
 *
 * Usage: flow_test AUTHORITY_URL VBO_URL CA_FILE ORGANIZATION
 *
 * Runs against the simulator (tests/c_program.rs starts it and runs this program under
 * valgrind): device flow start, an early poll (PENDING without I/O), wait, VBO exchange,
 * GET /Organization, refresh, cancel, and the error paths for bad arguments. Every string
 * the library hands out is freed with vbomfa_string_free, every flow with vbomfa_flow_free,
 * through one cleanup path. Exit code 0 means every check passed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbo_mfa_auth.h"

static int failures = 0;

#define CHECK(cond, what)                                                   \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, what);  \
            failures++;                                                     \
            goto cleanup;                                                   \
        }                                                                   \
    } while (0)

/* Copies the JSON string value of "key" (no escapes inside, as for tokens and names) into a
 * new buffer; NULL when absent. The caller frees it. */
static char *json_string(const char *json, const char *key) {
    char pattern[64];
    const char *start;
    const char *end;
    char *value;
    size_t n;
    if (json == NULL) {
        return NULL;
    }
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    start = strstr(json, pattern);
    if (start == NULL) {
        return NULL;
    }
    start += strlen(pattern);
    end = strchr(start, '"');
    if (end == NULL) {
        return NULL;
    }
    n = (size_t)(end - start);
    value = malloc(n + 1);
    if (value == NULL) {
        return NULL;
    }
    memcpy(value, start, n);
    value[n] = '\0';
    return value;
}

/* Writes `text` as a JSON string body (quotes and backslashes escaped: Windows paths). */
static void json_escape(char *out, size_t size, const char *text) {
    size_t o = 0;
    for (; *text != '\0' && o + 2 < size; text++) {
        if (*text == '"' || *text == '\\') {
            out[o++] = '\\';
        }
        out[o++] = *text;
    }
    out[o] = '\0';
}

static void report(const char *what, int32_t status, const char *json) {
    printf("%s -> %s: %s\n", what, vbomfa_status_name(status), json != NULL ? json : "(null)");
}

int main(int argc, char **argv) {
    const char *authority;
    const char *vbo_url;
    const char *organization;
    char ca_escaped[1024];
    char ms_options[2048];
    char vbo_options[2048];
    char api_options[2048];
    char path[64];
    VbomfaFlow *flow = NULL;
    VbomfaFlow *second = NULL;
    char *info = NULL;
    char *pending = NULL;
    char *assertion = NULL;
    char *vbo_token = NULL;
    char *organization_json = NULL;
    char *refreshed = NULL;
    char *cancelled = NULL;
    char *error = NULL;
    char *access_token = NULL;
    char *refresh_token = NULL;
    char *api_version = NULL;
    int32_t status;

    if (argc != 5) {
        fprintf(stderr, "usage: %s AUTHORITY_URL VBO_URL CA_FILE ORGANIZATION\n", argv[0]);
        return 2;
    }
    authority = argv[1];
    vbo_url = argv[2];
    organization = argv[4];
    json_escape(ca_escaped, sizeof ca_escaped, argv[3]);
    snprintf(ms_options, sizeof ms_options, "{\"authority_host\":\"%s\",\"tls_ca_file\":\"%s\"}",
             authority, ca_escaped);
    snprintf(vbo_options, sizeof vbo_options, "{\"tls_ca_file\":\"%s\"}", ca_escaped);

    printf("vbo_mfa_auth %s\n", vbomfa_version());
    CHECK(strcmp(vbomfa_status_name(VBOMFA_PENDING), "VBOMFA_PENDING") == 0, "status name");
    CHECK(strcmp(vbomfa_status_name(12345), "VBOMFA_UNKNOWN") == 0, "unknown status name");

    /* Bad input: a clear error object, no flow. */
    status = vbomfa_start_device_flow(NULL, NULL, NULL, NULL, &flow, &error);
    report("start(NULL tenant)", status, error);
    CHECK(status == VBOMFA_INVALID_ARGUMENT && flow == NULL && error != NULL, "NULL tenant refused");
    CHECK(strstr(error, "\"code\":20") != NULL, "error object has the code");
    vbomfa_string_free(error);
    error = NULL;
    status = vbomfa_start_device_flow("contoso.com/../x", NULL, NULL, ms_options, &flow, &error);
    CHECK(status == VBOMFA_INVALID_ARGUMENT && flow == NULL, "tenant with a slash refused");
    vbomfa_string_free(error);
    error = NULL;
    CHECK(vbomfa_poll_token(NULL, NULL) == VBOMFA_INVALID_ARGUMENT, "NULL flow refused");

    /* Hop 1: the device-code flow. */
    status = vbomfa_start_device_flow(organization, NULL, NULL, ms_options, &flow, &info);
    report("start", status, info);
    CHECK(status == VBOMFA_OK && flow != NULL, "device flow started");
    CHECK(strstr(info, "\"user_code\"") != NULL && strstr(info, "device_code") == NULL,
          "start result has the user code and never the device code");

    status = vbomfa_poll_token(flow, &pending);
    report("poll (early)", status, pending);
    CHECK(status == VBOMFA_PENDING && strstr(pending, "retry_after_ms") != NULL, "early poll is pending");

    status = vbomfa_wait_token(flow, 60000, &assertion);
    printf("wait -> %s\n", vbomfa_status_name(status)); /* the token response is a secret: not printed */
    CHECK(status == VBOMFA_OK && strstr(assertion, "\"refresh_token\"") != NULL, "signed in");

    /* Hop 2: the VBO exchange. */
    status = vbomfa_exchange_vbo_token(vbo_url, organization, assertion, vbo_options, &vbo_token);
    printf("exchange -> %s\n", vbomfa_status_name(status));
    CHECK(status == VBOMFA_OK, "VBO exchange");
    access_token = json_string(vbo_token, "access_token");
    refresh_token = json_string(vbo_token, "refresh_token");
    api_version = json_string(vbo_token, "api_version");
    CHECK(access_token != NULL && refresh_token != NULL && api_version != NULL, "VBO token members");

    snprintf(path, sizeof path, "/%s/Organization", api_version);
    status = vbomfa_vbo_request(vbo_url, access_token, "GET", path, NULL, vbo_options, &organization_json);
    report("GET Organization", status, organization_json);
    CHECK(status == VBOMFA_OK && strstr(organization_json, organization) != NULL, "organization read");

    snprintf(api_options, sizeof api_options, "{\"tls_ca_file\":\"%s\",\"api_version\":\"%s\"}",
             ca_escaped, api_version);
    status = vbomfa_vbo_request(vbo_url, "not-a-token", "GET", "/Organization", NULL, api_options, &error);
    report("GET Organization (bad token)", status, error);
    CHECK(status == VBOMFA_VBO_REJECTED && strstr(error, "\"http_status\":401") != NULL, "401 rejected");
    vbomfa_string_free(error);
    error = NULL;

    status = vbomfa_refresh_vbo_token(vbo_url, refresh_token, vbo_options, &refreshed);
    printf("refresh -> %s\n", vbomfa_status_name(status));
    CHECK(status == VBOMFA_OK && strstr(refreshed, "\"access_token\"") != NULL, "refreshed");

    /* Cancel: a second flow, cancelled before it finishes, stays cancelled. */
    status = vbomfa_start_device_flow(organization, NULL, NULL, ms_options, &second, &error);
    CHECK(status == VBOMFA_OK, "second flow started");
    vbomfa_string_free(error);
    error = NULL;
    CHECK(vbomfa_cancel_flow(second) == VBOMFA_OK, "cancel accepted");
    status = vbomfa_wait_token(second, 5000, &cancelled);
    report("wait (cancelled)", status, cancelled);
    CHECK(status == VBOMFA_CANCELLED, "cancelled flow reports CANCELLED");

    printf("ALL CHECKS PASSED\n");

cleanup:
    vbomfa_string_free(info);
    vbomfa_string_free(pending);
    vbomfa_string_free(assertion);
    vbomfa_string_free(vbo_token);
    vbomfa_string_free(organization_json);
    vbomfa_string_free(refreshed);
    vbomfa_string_free(cancelled);
    vbomfa_string_free(error);
    free(access_token);
    free(refresh_token);
    free(api_version);
    vbomfa_flow_free(flow);
    vbomfa_flow_free(second);
    return failures == 0 ? 0 : 1;
}
