/*
 * curl_calls.c: the baseline client (curl_client.h) alone in its process, timed like
 * lib_calls.c (calls.h). For profiling one client at a time; bench/run.sh measures with
 * side_by_side.c.
 *
 * Usage: curl_calls get|token BASE_URL CA_FILE FIXTURES_DIR N
 */
#include "calls.h"
#include "curl_client.h"

int main(int argc, char **argv) {
    struct curl_client c;
    if (argc != 6) {
        fprintf(stderr, "usage: curl_calls get|token BASE_URL CA_FILE FIXTURES_DIR N\n");
        return 2;
    }
    curl_client_open(&c, argv[1], argv[2], argv[3], argv[4]);
    return time_calls("curl", argv[1], strtoul(argv[5], NULL, 10), curl_client_call, &c);
}
