/*
 * side_by_side.c: curl (curl_client.h) and the library (lib_client.h) in one process, each
 * with its own kept-alive connection to the same server, sending the same requests in
 * alternating blocks, so that both meet the same load of a shared, noisy machine. After a
 * warm-up of each, BLOCKS blocks of BLOCK calls per client (the client going first changes
 * every block). Every call is timed; the CPU time of the process (every thread) is summed
 * per client over its blocks.
 *
 * Usage: side_by_side get|token BASE_URL CA_FILE FIXTURES_DIR BLOCKS BLOCK
 * Prints one JSON line: per client the median and p90 of the call times and the CPU time per
 * call (all in microseconds), and library/curl ratios of the medians and of the CPU times.
 */
#include "curl_client.h"
#include "lib_client.h"

#define WARMUP 200

struct side {
    const char *name;
    int (*call)(void *);
    void *state;
    int64_t *samples;
    size_t n;
    int64_t cpu;
};

static int run_block(struct side *s, size_t block) {
    int64_t cpu = cpu_ns();
    for (size_t i = 0; i < block; i++) {
        int64_t t = now_ns();
        if (s->call(s->state) != 0) {
            fprintf(stderr, "%s: a call failed\n", s->name);
            return 1;
        }
        s->samples[s->n++] = now_ns() - t;
    }
    s->cpu += cpu_ns() - cpu;
    return 0;
}

int main(int argc, char **argv) {
    struct curl_client curl;
    struct lib_client lib;
    struct side sides[2] = {{"curl", curl_client_call, &curl, NULL, 0, 0},
                            {"library", lib_client_call, &lib, NULL, 0, 0}};
    size_t blocks, block;
    double median[2], p90[2], cpu[2];
    if (argc != 7) {
        fprintf(stderr, "usage: side_by_side get|token BASE_URL CA_FILE FIXTURES_DIR BLOCKS BLOCK\n");
        return 2;
    }
    blocks = strtoul(argv[5], NULL, 10);
    block = strtoul(argv[6], NULL, 10);
    curl_client_open(&curl, argv[1], argv[2], argv[3], argv[4]);
    lib_client_open(&lib, argv[1], argv[2], argv[3], argv[4]);
    for (int s = 0; s < 2; s++) {
        sides[s].samples = malloc(blocks * block * sizeof(int64_t));
        for (int i = 0; i < WARMUP; i++) {
            if (sides[s].call(sides[s].state) != 0) {
                fprintf(stderr, "%s: warm-up call failed\n", sides[s].name);
                return 1;
            }
        }
    }
    for (size_t b = 0; b < blocks; b++) {
        for (int k = 0; k < 2; k++) {
            if (run_block(&sides[(b + k) % 2], block) != 0) {
                return 1;
            }
        }
    }
    for (int s = 0; s < 2; s++) {
        median[s] = percentile(sides[s].samples, sides[s].n, 0.5) / 1e3;
        p90[s] = percentile(sides[s].samples, sides[s].n, 0.9) / 1e3;
        cpu[s] = (double)sides[s].cpu / 1e3 / (double)sides[s].n;
    }
    printf("{\"mode\":\"%s\",\"calls\":%zu,\"curl_median_us\":%.1f,\"curl_p90_us\":%.1f,"
           "\"curl_cpu_us\":%.1f,\"library_median_us\":%.1f,\"library_p90_us\":%.1f,"
           "\"library_cpu_us\":%.1f,\"median_ratio\":%.3f,\"cpu_ratio\":%.3f}\n",
           argv[1], blocks * block, median[0], p90[0], cpu[0], median[1], p90[1], cpu[1],
           median[1] / median[0], cpu[1] / cpu[0]);
    return 0;
}
