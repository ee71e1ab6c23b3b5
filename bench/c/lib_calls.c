/*
 * lib_calls.c: the library (lib_client.h) alone in its process, timed like curl_calls.c
 * (calls.h). For profiling one client at a time; bench/run.sh measures with side_by_side.c.
 *
 * Usage: lib_calls get|token BASE_URL CA_FILE FIXTURES_DIR N
 */
#include "calls.h"
#include "lib_client.h"

int main(int argc, char **argv) {
    struct lib_client c;
    if (argc != 6) {
        fprintf(stderr, "usage: lib_calls get|token BASE_URL CA_FILE FIXTURES_DIR N\n");
        return 2;
    }
    lib_client_open(&c, argv[1], argv[2], argv[3], argv[4]);
    return time_calls("library", argv[1], strtoul(argv[5], NULL, 10), lib_client_call, &c);
}
