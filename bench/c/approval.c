/*
 * approval.c: approval-to-token latency. N flows, each with a thread waiting in
 * vbomfa_wait_token; the main thread approves each flow at a random moment (it creates the
 * file the server checks: bench/nginx.conf.template) and notes the time; the waiting thread
 * notes when VBOMFA_OK comes back. Latency = OK - approval, which the flow's interval bounds
 * (the next poll) plus a request.
 *
 * Usage: approval AUTHORITY_URL CA_FILE APPROVED_DIR INTERVAL_S N
 * Prints one JSON line: median, p90 and maximum latency in ms, and the interval.
 */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "measure.h"
#include "vbo_mfa_auth.h"

struct waiter {
    VbomfaFlow *flow;
    char tenant[128];
    int64_t approved_at;
    int64_t ok_at;
    vbomfa_status status;
};

static void *wait_for_token(void *arg) {
    struct waiter *w = arg;
    char *out = NULL;
    w->status = vbomfa_wait_token(w->flow, 120000, &out);
    w->ok_at = now_ns();
    if (w->status != VBOMFA_OK) {
        fprintf(stderr, "%s: %s %s\n", w->tenant, vbomfa_status_name(w->status), out ? out : "");
    }
    vbomfa_string_free(out);
    return NULL;
}

static int by_approval(const void *a, const void *b) {
    const struct waiter *x = *(struct waiter *const *)a, *y = *(struct waiter *const *)b;
    return (x->approved_at > y->approved_at) - (x->approved_at < y->approved_at);
}

int main(int argc, char **argv) {
    char options[1024], path[1024];
    struct waiter *waiters, **order;
    pthread_t *threads;
    int64_t *latency, start;
    int interval, failed = 0;
    size_t n;
    if (argc != 6) {
        fprintf(stderr, "usage: approval AUTHORITY_URL CA_FILE APPROVED_DIR INTERVAL_S N\n");
        return 2;
    }
    interval = atoi(argv[4]);
    n = strtoul(argv[5], NULL, 10);
    snprintf(options, sizeof options, "{\"authority_host\":\"%s\",\"tls_ca_file\":\"%s\"}",
             argv[1], argv[2]);
    waiters = calloc(n, sizeof *waiters);
    order = calloc(n, sizeof *order);
    threads = calloc(n, sizeof *threads);
    latency = calloc(n, sizeof *latency);
    srand((unsigned)getpid());
    start = now_ns();
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        struct waiter *w = &waiters[i];
        snprintf(w->tenant, sizeof w->tenant, "i%d-approve%zu-%d.bench", interval, i,
                 (int)getpid());
        if (vbomfa_start_device_flow(w->tenant, NULL, NULL, options, &w->flow, &out) !=
            VBOMFA_OK) {
            fprintf(stderr, "start: %s\n", out ? out : "");
            return 1;
        }
        vbomfa_string_free(out);
        /* Approved at a random moment between 0.5 and 2.5 intervals after the start. */
        w->approved_at = start + (int64_t)((0.5 + 2.0 * rand() / (double)RAND_MAX) *
                                           interval * 1e9);
        order[i] = w;
        pthread_create(&threads[i], NULL, wait_for_token, w);
    }
    qsort(order, n, sizeof *order, by_approval);
    for (size_t i = 0; i < n; i++) {
        struct waiter *w = order[i];
        int64_t left = w->approved_at - now_ns();
        int fd;
        if (left > 0) {
            struct timespec pause = {left / 1000000000LL, left % 1000000000LL};
            nanosleep(&pause, NULL);
        }
        snprintf(path, sizeof path, "%s/%s", argv[3], w->tenant);
        w->approved_at = now_ns();
        fd = open(path, O_CREAT | O_WRONLY, 0644);
        if (fd >= 0) {
            close(fd);
        }
    }
    for (size_t i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        failed += waiters[i].status != VBOMFA_OK;
        latency[i] = waiters[i].ok_at - waiters[i].approved_at;
        vbomfa_flow_free(waiters[i].flow);
    }
    printf("{\"interval_s\":%d,\"n\":%zu,\"failed\":%d,\"median_ms\":%.1f,\"p90_ms\":%.1f,"
           "\"max_ms\":%.1f}\n",
           interval, n, failed, percentile(latency, n, 0.5) / 1e6,
           percentile(latency, n, 0.9) / 1e6, percentile(latency, n, 1.0) / 1e6);
    return failed == 0 ? 0 : 1;
}
