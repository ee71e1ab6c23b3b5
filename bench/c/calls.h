/*
 * calls.h: the timing loop shared by curl_calls.c and lib_calls.c, so that both clients are
 * measured the same way: WARMUP calls (the connection is made, caches are warm), then N timed
 * calls; prints one JSON line with the median and p90 wall time and the CPU time per call of
 * the whole process (every thread).
 */
#ifndef BENCH_CALLS_H
#define BENCH_CALLS_H

#include "measure.h"

#define WARMUP 200

/* One call; returns 0 when it succeeded. */
typedef int (*call_fn)(void *state);

static inline int time_calls(const char *client, const char *mode, size_t n, call_fn call,
                             void *state) {
    int64_t *samples = malloc(n * sizeof *samples);
    int64_t cpu_start, wall_start, wall;
    for (size_t i = 0; i < WARMUP; i++) {
        if (call(state) != 0) {
            fprintf(stderr, "%s %s: warm-up call %zu failed\n", client, mode, i);
            return 1;
        }
    }
    cpu_start = cpu_ns();
    wall_start = now_ns();
    for (size_t i = 0; i < n; i++) {
        int64_t t = now_ns();
        if (call(state) != 0) {
            fprintf(stderr, "%s %s: call %zu failed\n", client, mode, i);
            return 1;
        }
        samples[i] = now_ns() - t;
    }
    wall = now_ns() - wall_start;
    printf("{\"client\":\"%s\",\"mode\":\"%s\",\"n\":%zu,\"median_us\":%.1f,\"p90_us\":%.1f,"
           "\"cpu_us\":%.1f,\"wall_us\":%.1f}\n",
           client, mode, n, percentile(samples, n, 0.5) / 1e3, percentile(samples, n, 0.9) / 1e3,
           (double)(cpu_ns() - cpu_start) / 1e3 / (double)n, (double)wall / 1e3 / (double)n);
    free(samples);
    return 0;
}

#endif
