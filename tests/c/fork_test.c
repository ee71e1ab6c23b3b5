/*
 * fork_test.c: a process that used the library forks; the child must be able to use it too
 * (its own runtime and connections, none of the parent's), a flow of the parent must be
 * refused in the child with a clear error, and the parent must go on unharmed.
 *
 * Usage: fork_test AUTHORITY_URL VBO_URL CA_FILE ORGANIZATION
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vbo_mfa_auth.h"

/* An exchange with an assertion VBO did not issue: real I/O, refused by the simulator. */
static vbomfa_status refused_exchange(const char *vbo_url, const char *organization,
                                      const char *options) {
    char *json = NULL;
    vbomfa_status status = vbomfa_exchange_vbo_token(
        vbo_url, organization, "{\"access_token\":\"not-issued-here\",\"refresh_token\":\"nor-this\"}",
        options, &json);
    printf("[%ld] exchange -> %s\n", (long)getpid(), vbomfa_status_name(status));
    vbomfa_string_free(json);
    return status;
}

int main(int argc, char **argv) {
    char ms_options[2048];
    char vbo_options[2048];
    VbomfaFlow *flow = NULL;
    char *json = NULL;
    pid_t child;
    int child_status = 0;
    vbomfa_status status;
    if (argc != 5) {
        fprintf(stderr, "usage: %s AUTHORITY_URL VBO_URL CA_FILE ORGANIZATION\n", argv[0]);
        return 2;
    }
    snprintf(ms_options, sizeof ms_options, "{\"authority_host\":\"%s\",\"tls_ca_file\":\"%s\"}",
             argv[1], argv[3]);
    snprintf(vbo_options, sizeof vbo_options, "{\"tls_ca_file\":\"%s\"}", argv[3]);

    /* The parent uses the library: runtime, pools, a flow. */
    if (refused_exchange(argv[2], argv[4], vbo_options) != VBOMFA_VBO_REJECTED) {
        return 1;
    }
    status = vbomfa_start_device_flow(argv[4], NULL, NULL, ms_options, &flow, &json);
    vbomfa_string_free(json);
    json = NULL;
    if (status != VBOMFA_OK) {
        return 1;
    }
    fflush(stdout);

    child = fork();
    if (child < 0) {
        return 1;
    }
    if (child == 0) {
        /* A hang here is the bug this test is about: SIGALRM ends the child instead. */
        alarm(60);
        if (refused_exchange(argv[2], argv[4], vbo_options) != VBOMFA_VBO_REJECTED) {
            _exit(3);
        }
        status = vbomfa_poll_token(flow, &json);
        printf("[child] poll of the parent's flow -> %s: %s\n", vbomfa_status_name(status),
               json != NULL ? json : "(null)");
        if (status != VBOMFA_INVALID_ARGUMENT || json == NULL || strstr(json, "forked") == NULL) {
            _exit(4);
        }
        vbomfa_string_free(json);
        vbomfa_flow_free(flow);
        fflush(stdout);
        _exit(0);
    }
    if (waitpid(child, &child_status, 0) != child) {
        return 1;
    }
    if (WIFSIGNALED(child_status)) {
        printf("the child was killed by signal %d (SIGALRM = a hang)\n", WTERMSIG(child_status));
        return 1;
    }
    if (!WIFEXITED(child_status) || WEXITSTATUS(child_status) != 0) {
        printf("the child failed with %d\n", WEXITSTATUS(child_status));
        return 1;
    }
    /* The parent still works, its flow included. */
    if (refused_exchange(argv[2], argv[4], vbo_options) != VBOMFA_VBO_REJECTED) {
        return 1;
    }
    status = vbomfa_poll_token(flow, &json);
    printf("[parent] poll -> %s\n", vbomfa_status_name(status));
    vbomfa_string_free(json);
    vbomfa_flow_free(flow);
    if (status != VBOMFA_PENDING) {
        return 1;
    }
    printf("ALL CHECKS PASSED\n");
    return 0;
}
