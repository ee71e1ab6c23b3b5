/*
 * flows.c: many device flows polled from one process, as an MSP's script does while its
 * tenants sign in: N flows started, then one thread ticks every TICK_MS over all of them with
 * vbomfa_poll_token (which sends a request only when a flow's interval has passed, and waits
 * for that answer). The server answers authorization_pending (bench/nginx.conf.template).
 *
 * Usage: flows AUTHORITY_URL CA_FILE N SECONDS TICK_MS INTERVAL_S
 * Tenants are "i<INTERVAL_S>-f<k>-<pid>.bench": the server's interval comes from the name, and
 * the server's log counts requests per tenant. Prints one JSON line: CPU of the whole process
 * while polling, as a share of one core; RSS at the end and at its peak; polls and answers.
 */
#include <unistd.h>

#include "measure.h"
#include "vbo_mfa_auth.h"

int main(int argc, char **argv) {
    char options[1024], tenant[128];
    VbomfaFlow **flows;
    size_t n, polls = 0, pending = 0, other = 0, late_ticks = 0;
    int seconds, tick_ms, interval;
    int64_t start_began, started, cpu0, wall0, wall, cpu, next_tick;
    long rss_before;
    if (argc != 7) {
        fprintf(stderr, "usage: flows AUTHORITY_URL CA_FILE N SECONDS TICK_MS INTERVAL_S\n");
        return 2;
    }
    n = strtoul(argv[3], NULL, 10);
    seconds = atoi(argv[4]);
    tick_ms = atoi(argv[5]);
    interval = atoi(argv[6]);
    snprintf(options, sizeof options, "{\"authority_host\":\"%s\",\"tls_ca_file\":\"%s\"}",
             argv[1], argv[2]);
    flows = calloc(n, sizeof *flows);
    rss_before = status_kib("VmRSS");
    start_began = now_ns();
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        vbomfa_status status;
        snprintf(tenant, sizeof tenant, "i%d-f%zu-%d.bench", interval, i, (int)getpid());
        status = vbomfa_start_device_flow(tenant, NULL, NULL, options, &flows[i], &out);
        if (status != VBOMFA_OK) {
            fprintf(stderr, "start %zu: %s %s\n", i, vbomfa_status_name(status), out ? out : "");
            return 1;
        }
        vbomfa_string_free(out);
    }
    started = now_ns();
    cpu0 = cpu_ns();
    wall0 = now_ns();
    next_tick = wall0;
    while (now_ns() - wall0 < (int64_t)seconds * 1000000000LL) {
        for (size_t i = 0; i < n; i++) {
            char *out = NULL;
            vbomfa_status status = vbomfa_poll_token(flows[i], &out);
            polls++;
            if (status == VBOMFA_PENDING) {
                pending++;
            } else {
                other++;
                if (other <= 3) {
                    fprintf(stderr, "poll: %s %s\n", vbomfa_status_name(status), out ? out : "");
                }
            }
            vbomfa_string_free(out);
        }
        next_tick += (int64_t)tick_ms * 1000000LL;
        if (now_ns() > next_tick) {
            late_ticks++;
            next_tick = now_ns();
        } else {
            int64_t left = next_tick - now_ns();
            struct timespec pause = {left / 1000000000LL, left % 1000000000LL};
            nanosleep(&pause, NULL);
        }
    }
    wall = now_ns() - wall0;
    cpu = cpu_ns() - cpu0;
    printf("{\"flows\":%zu,\"seconds\":%.1f,\"tick_ms\":%d,\"interval_s\":%d,"
           "\"cpu_percent\":%.2f,\"rss_mib\":%.1f,\"hwm_mib\":%.1f,\"rss_before_mib\":%.1f,"
           "\"start_s\":%.2f,\"polls\":%zu,\"pending\":%zu,\"other\":%zu,\"late_ticks\":%zu,"
           "\"pid\":%d}\n",
           n, wall / 1e9, tick_ms, interval, 100.0 * (double)cpu / (double)wall,
           status_kib("VmRSS") / 1024.0, status_kib("VmHWM") / 1024.0, rss_before / 1024.0,
           (started - start_began) / 1e9, polls, pending, other, late_ticks, (int)getpid());
    for (size_t i = 0; i < n; i++) {
        vbomfa_flow_free(flows[i]);
    }
    free(flows);
    return other == 0 ? 0 : 1;
}
