#!/usr/bin/python3
"""The Python baseline: one requests.Session (one kept-alive connection), the same requests
the library sends, to the same server. Debian's python3-requests (PyPI is not reachable).

Usage: requests_calls.py get|token BASE_URL CA_FILE FIXTURES_DIR N
Prints one JSON line like the C programs (bench/c/calls.h).
"""
import json
import os
import sys
import time

import requests

WARMUP = 200


def main():
    mode, base, ca, fixtures, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    session = requests.Session()
    session.verify = ca
    # No REQUESTS_CA_BUNDLE (it would override verify) and no proxy from the environment.
    session.trust_env = False
    # Only the headers the library sends (no Accept-Encoding, no Connection).
    session.headers.clear()
    headers = {"User-Agent": "vbo_mfa_auth/0.1.0", "Accept": "application/json"}
    if mode == "get":
        token = open(os.path.join(fixtures, "access_token.txt")).read().strip()
        headers["Authorization"] = "Bearer " + token
        url = base + "/v8/Organization"

        def call():
            return session.get(url, headers=headers)
    else:
        form = open(os.path.join(fixtures, "token_form.txt")).read().strip()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = base + "/v8/token"

        def call():
            return session.post(url, data=form, headers=headers)

    def checked():
        reply = call()
        if reply.status_code != 200 or not reply.content:
            sys.exit(f"python {mode}: HTTP {reply.status_code}")
        reply.json()

    for _ in range(WARMUP):
        checked()
    samples = []
    cpu0, wall0 = time.process_time_ns(), time.perf_counter_ns()
    for _ in range(n):
        t = time.perf_counter_ns()
        checked()
        samples.append(time.perf_counter_ns() - t)
    wall = time.perf_counter_ns() - wall0
    cpu = time.process_time_ns() - cpu0
    samples.sort()
    print(json.dumps({
        "client": "python-requests", "mode": mode, "n": n,
        "median_us": round(samples[n // 2] / 1e3, 1),
        "p90_us": round(samples[int((n - 1) * 0.9)] / 1e3, 1),
        "cpu_us": round(cpu / 1e3 / n, 1),
        "wall_us": round(wall / 1e3 / n, 1),
    }))


if __name__ == "__main__":
    main()
