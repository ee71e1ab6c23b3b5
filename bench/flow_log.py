#!/usr/bin/env python3
"""What the server saw of one flows.c run: its token requests per flow, read from the IdP
server's access log (`$msec $uri $status`, bench/nginx.conf.template), and whether any flow
was polled more than once per interval.

Usage: flow_log.py ACCESS_LOG PID INTERVAL_S
Prints one JSON object: requests, flows that sent any, requests per second while they were
sent, the shortest gap between two requests of one flow, and how many gaps were shorter than
the interval (nginx logs with millisecond resolution: 1 ms of slack).
"""
import json
import re
import sys


def main():
    log, pid, interval = sys.argv[1], sys.argv[2], float(sys.argv[3])
    token = re.compile(r"^(\S+) /i\d+-f(\d+)-" + re.escape(pid) + r"\.bench/oauth2/v2\.0/token ")
    times = {}
    with open(log) as f:
        for line in f:
            match = token.match(line)
            if match:
                times.setdefault(match.group(2), []).append(float(match.group(1)))
    gaps = [b - a for t in times.values() for a, b in zip(sorted(t), sorted(t)[1:])]
    every = sorted(x for t in times.values() for x in t)
    span = (every[-1] - every[0]) if len(every) > 1 else 0.0
    print(json.dumps({
        "requests": len(every),
        "flows_polled": len(times),
        "requests_per_s": round(len(every) / span, 1) if span else 0.0,
        "min_gap_s": round(min(gaps), 3) if gaps else None,
        "gaps_shorter_than_interval": sum(1 for g in gaps if g < interval - 0.001),
    }))


if __name__ == "__main__":
    main()
