#!/usr/bin/env python3
"""Where a client's CPU time goes, by part, from a `perf record` of N calls (bench/run.sh).

Usage: perf_parts.py [--dotnet] PERF_DATA CALLS FREQUENCY CLIENT MODE

Prints one JSON line: the CPU microseconds per call of each part (all threads, kernel included;
cpu-clock samples at FREQUENCY Hz, so a sample is 1/FREQUENCY s of CPU). The parts are the
same for libcurl + OpenSSL and for the library (reqwest, hyper, rustls), so that the two can be
compared line by line; symbols are matched by the first rule that fits. With --dotnet, the
parts of a .NET process (bench/dotnet's LayerCost, with the perf map on) instead.
"""
import json
import re
import subprocess
import sys

KERNEL = "kernel: sockets, TCP, scheduling"
ALLOC = "allocator (malloc, free)"
COPIES = "copies and wipes (memcpy, memmove, memset)"
CRYPTO = "TLS: encryption (AES-GCM)"
RECORDS = "TLS: records and state (OpenSSL's libssl, rustls)"
URLS = "URL parsing (url, idna)"
FORM = "form body (percent-encoding)"
JSON = "JSON (assertion check, answer read, document written)"
HTTP = "HTTP client (libcurl; reqwest, hyper, tokio)"
OWN = "the library's own (options, pool, boundary, secrets)"
STD = "Rust std and core (UTF-8 checks, formatting, hashing)"
LIBC = "libc: system call wrappers, other"
OTHER = "other (the program, the loader, vdso)"

# The library's symbols, by the first pattern that fits.
LIBRARY = [
    (CRYPTO, r"aes|gcm|ghash|ring_core|ring::aead"),
    (RECORDS, r"rustls|ring::"),
    (URLS, r"\burl::|\bidna::|form_urlencoded"),
    (FORM, r"http::form"),
    (JSON, r"serde_json|json_string|json_text|indexmap|TokenFacts|from_reply|documents::Document|Deserialize|Serialize"),
    (HTTP, r"reqwest|hyper|\bhttp::|httparse|tokio|futures|tower|\bbytes::|\bmio::|\bwant::|h2::"),
    (OWN, r"vbo_mfa_auth|vbomfa_"),
]


def system_part_of(dso, symbol):
    """The kernel's and the C library's parts, the same in every process; None elsewhere."""
    if dso.startswith("[kernel"):
        return KERNEL
    if dso.startswith("libc.so"):
        if re.search(r"malloc|free|realloc|_int_|unlink_chunk|tcache|calloc", symbol):
            return ALLOC
        return COPIES if re.search(r"mem(cpy|move|set)", symbol) else LIBC
    return None


def part_of(dso, symbol):
    system = system_part_of(dso, symbol)
    if system:
        return system
    if dso.startswith("libcrypto"):
        return CRYPTO
    if dso.startswith("libssl"):
        return RECORDS
    if dso.startswith(("libcurl", "libnghttp2")):
        return FORM if "curl_easy_escape" in symbol else HTTP
    if dso.startswith("libvbo_mfa_auth"):
        for part, pattern in LIBRARY:
            if re.search(pattern, symbol):
                return part
        return STD
    return OTHER


NATIVE = "the native library (libvbo_mfa_auth: the request itself)"
VBOMFA_NET = "managed: VboMfaAuth (arguments, token lease, answer read)"
NET_LIBS = "managed: .NET libraries (UTF-8, strings, collections, interop stubs)"
CLR = "CLR runtime (libcoreclr: P/Invoke transitions, SafeHandles, GC, JIT)"
HARNESS = "the benchmark program"


def dotnet_part_of(dso, symbol):
    """The parts of a .NET process (perf map on: JIT-compiled methods are named)."""
    system = system_part_of(dso, symbol)
    if system:
        return system
    if dso.startswith("libvbo_mfa_auth"):
        return NATIVE
    if dso.startswith(("libcoreclr", "libclrjit", "libSystem.", "ld-linux")):
        return CLR
    if dso.startswith("[JIT]") or dso.startswith("memfd:") or dso.endswith(".dll"):
        if "[VboMfaAuth]" in symbol:
            return VBOMFA_NET
        if "[LayerCost]" in symbol:
            return HARNESS
        return NET_LIBS
    return OTHER


def main():
    dotnet = sys.argv[1] == "--dotnet"
    if dotnet:
        del sys.argv[1]
    data, calls, frequency, client, mode = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
    report = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "-q", "--no-children", "--sort", "dso,sym",
         "-F", "sample,dso,sym", "--field-separator=\t"],
        capture_output=True, text=True, check=True).stdout
    samples = {}
    for line in report.splitlines():
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3 or not fields[0].isdigit():
            continue
        symbol = re.sub(r"^\[[.kgu]\]\s*", "", fields[2])
        part = (dotnet_part_of if dotnet else part_of)(fields[1], symbol)
        samples[part] = samples.get(part, 0) + int(fields[0])
    us = {part: n / frequency / calls * 1e6 for part, n in samples.items()}
    print(json.dumps({"client": client, "mode": mode, "calls": calls, "samples": sum(samples.values()),
                      "us_per_call": {k: round(v, 2) for k, v in sorted(us.items())}}))


if __name__ == "__main__":
    main()
