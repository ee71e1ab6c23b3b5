/*
 * free_while_waiting.c: what a PowerShell `finally` block or a Ctrl+C handler does. One thread
 * waits on a flow while another frees it, first while the waiter sleeps between polls, then
 * while a token request is in flight (tests/c_program.rs delays the simulator's answer to the
 * first poll of the first flow). The waiter must get VBOMFA_CANCELLED, the freed handle must be
 * refused afterwards, a second free must do nothing, and valgrind must see no invalid access.
 *
 * Usage: free_while_waiting AUTHORITY_URL CA_FILE ORGANIZATION
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vbo_mfa_auth.h"

static int failures = 0;

#define CHECK(cond, what)                                                   \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, what);  \
            failures++;                                                     \
        }                                                                   \
    } while (0)

struct waiter {
    VbomfaFlow *flow;
    vbomfa_status status;
};

static void *wait_for_sign_in(void *arg) {
    struct waiter *w = arg;
    char *json = NULL;
    w->status = vbomfa_wait_token(w->flow, 0, &json);
    printf("wait -> %s: %s\n", vbomfa_status_name(w->status), json != NULL ? json : "(null)");
    vbomfa_string_free(json);
    return NULL;
}

static void sleep_ms(long ms) {
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

/* Starts a flow, lets a second thread wait on it, frees it after `free_after_ms`. */
static void free_while_waiting(const char *options, const char *organization, long free_after_ms,
                               const char *what) {
    VbomfaFlow *flow = NULL;
    char *info = NULL;
    char *json = NULL;
    struct waiter w;
    pthread_t thread;
    vbomfa_status status = vbomfa_start_device_flow(organization, NULL, NULL, options, &flow, &info);
    vbomfa_string_free(info);
    CHECK(status == VBOMFA_OK && flow != NULL, "device flow started");
    if (status != VBOMFA_OK) {
        return;
    }
    w.flow = flow;
    w.status = -1;
    CHECK(pthread_create(&thread, NULL, wait_for_sign_in, &w) == 0, "waiter started");
    sleep_ms(free_after_ms);
    printf("freeing the flow %s\n", what);
    vbomfa_flow_free(flow);
    pthread_join(thread, NULL);
    CHECK(w.status == VBOMFA_CANCELLED, "the waiter got VBOMFA_CANCELLED");
    status = vbomfa_poll_token(flow, &json);
    printf("poll after free -> %s: %s\n", vbomfa_status_name(status), json != NULL ? json : "(null)");
    CHECK(status == VBOMFA_INVALID_ARGUMENT, "a freed handle is refused");
    vbomfa_string_free(json);
    vbomfa_flow_free(flow); /* a second free does nothing */
}

int main(int argc, char **argv) {
    char options[2048];
    if (argc != 4) {
        fprintf(stderr, "usage: %s AUTHORITY_URL CA_FILE ORGANIZATION\n", argv[0]);
        return 2;
    }
    snprintf(options, sizeof options, "{\"authority_host\":\"%s\",\"tls_ca_file\":\"%s\"}", argv[1],
             argv[2]);
    /* The first poll goes out after 1 s and is held by the simulator for 20 s. */
    free_while_waiting(options, argv[3], 2000, "while a token request is in flight");
    /* Polls every second, answered at once: at 2.5 s the waiter sleeps between polls. */
    free_while_waiting(options, argv[3], 2500, "while the waiter sleeps between polls");
    if (failures == 0) {
        printf("ALL CHECKS PASSED\n");
    }
    return failures == 0 ? 0 : 1;
}
