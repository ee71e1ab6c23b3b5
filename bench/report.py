#!/usr/bin/env python3
"""BENCHMARKS.md from the results bench/run.sh wrote (one JSON file per measurement).

Usage: report.py RESULTS_DIR COMMAND > BENCHMARKS.md
Every number in the output comes from RESULTS_DIR; the prose around them says what was
measured, how, and why a missed target is missed (with the profile that shows it).
"""
import json
import os
import re
import statistics
import sys

MIB = 1024 * 1024


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        if name.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        return json.load(f)


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(x, digits=0):
    if x is None:
        return "n/a"
    return f"{x:,.{digits}f}"


def shortest(flows):
    gaps = [f["server"]["min_gap_s"] for f in flows if f["server"]["min_gap_s"] is not None]
    return f"shortest gap {min(gaps):.3f} s" if gaps else "one request per flow in runs this short"


def verdict(ok):
    return "**met**" if ok else "**missed** (below)"


class Report:
    def __init__(self, results, command):
        self.r = results
        self.command = command
        self.lines = []

    def out(self, text=""):
        self.lines.append(text)

    def table(self, header, rows):
        self.out("| " + " | ".join(header) + " |")
        self.out("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.out("| " + " | ".join(str(c) for c in row) + " |")
        self.out()

    # --- the measurements, summarized -------------------------------------------------

    def requests(self):
        rows = load(self.r, "requests.jsonl")
        python = load(self.r, "python.jsonl")
        summary = {}
        for mode in ("get", "token"):
            mine = [x for x in rows if x["mode"] == mode]
            py = [x for x in python if x["mode"] == mode]
            if not mine:
                continue
            lib_vs_py = [m["library_median_us"] / p["median_us"] for m, p in zip(mine, py)]
            fields = {"curl": "curl_median_us", "curl_p90": "curl_p90_us", "curl_cpu": "curl_cpu_us",
                      "lib": "library_median_us", "lib_p90": "library_p90_us",
                      "lib_cpu": "library_cpu_us", "ratio": "median_ratio", "cpu_ratio": "cpu_ratio"}
            summary[mode] = {name: med(x[key] for x in mine) for name, key in fields.items()} | {
                "rounds": len(mine),
                "calls": sum(x["calls"] for x in mine),
                "ratio_min": min(x["median_ratio"] for x in mine),
                "ratio_max": max(x["median_ratio"] for x in mine),
                "python": med(x["median_us"] for x in py),
                "python_cpu": med(x["cpu_us"] for x in py),
                "vs_python": med(lib_vs_py),
            }
        return summary

    def instructions(self):
        return {(x["client"], x["mode"]): x["per_call"] for x in load(self.r, "instructions.jsonl")}

    def cold(self):
        rows = load(self.r, "cold.jsonl")
        result = {}
        for env in sorted({x["env"] for x in rows}):
            runs = [x["run"] for x in rows if x["env"] == env]
            result[env] = {k: med(r[k] for r in runs) for k in runs[0]} | {"n": len(runs)}
            result[env]["max_beyond"] = max(r["beyond_network_ms"] for r in runs)
        return result

    # --- the document -----------------------------------------------------------------

    def write(self):
        start = load(self.r, "machine-start.json")
        end = load(self.r, "machine-end.json")
        req = self.requests()
        ins = self.instructions()
        flows = load(self.r, "flows.jsonl")
        approval = load(self.r, "approval.jsonl")
        cold = self.cold()
        size = load(self.r, "size.json")
        size_cargo = load(self.r, "size-cargo-build.json")
        dotnet = load(self.r, "dotnet.jsonl")
        pwsh = load(self.r, "pwsh-import.jsonl")
        flows_1000 = next((f for f in flows if f["client"]["flows"] == 1000), None)

        self.out("# Benchmarks")
        self.out()
        self.out(
            "Written by `bench/run.sh` (do not edit by hand: rerun it). Speed, size and memory are "
            "measured here, never asserted in tests: the machine is shared and noisy. Ratios "
            "compare clients measured in the same run, in alternating blocks of the same process "
            "where the clients allow it; each figure is the median over the rounds."
        )
        self.out()
        self.out(f"- Rerun: `{self.command}` (from the repository root; about 6 minutes once built, up to 15 with the first builds).")
        if start:
            self.out(f"- When: {start['date']}; load average {start['load'][0]:.1f} at the start, "
                     f"{end['load'][0]:.1f} at the end (other agents share this machine)." if end else "")
            self.out(f"- Machine: {start['os']}, {start['cpu']}, {start['cores']} cores, "
                     f"Linux {start['kernel']}.")
            self.out(f"- Software: {start['rustc']}; {start['nginx']}; {start['curl']}; Python "
                     f"and requests {start['python_requests']}; .NET SDK {start['dotnet'] or 'none'}.")
        self.out(
            "- Servers: nginx with two TLS servers on 127.0.0.1 and a certificate the script "
            "makes (RSA 2048): one like VBO's REST API (`GET /v8/Organization`, a 1.6 KB static "
            "JSON file; `POST /v8/token`, a 2.5 KB token answer), one like Microsoft's "
            "device-code endpoints (a unique device code per flow, `authorization_pending` until "
            "the flow's approval file appears). One nginx worker; it is never the bottleneck "
            "(curl and the library wait on it alike)."
        )
        self.out(
            "- The library measured is the release build as the profile intends it: LTO, one "
            "codegen unit, stripped, built with `cargo rustc --release -p vbo_mfa_auth --lib "
            "--crate-type cdylib` (see \"Library size\" for why not `cargo build`)."
        )
        self.out()

        # Targets.
        self.out("## Targets")
        self.out()
        rows = []
        for mode, what in (("get", "`vbomfa_vbo_request` GET, pooled connection"),
                           ("token", "`vbomfa_exchange_vbo_token`, pooled connection")):
            s = req.get(mode)
            if not s:
                continue
            rows.append([f"{what}: at most 1.0× curl",
                         f"{s['ratio']:.2f}× curl ({fmt(s['lib'])} µs against {fmt(s['curl'])} µs; "
                         f"rounds {s['ratio_min']:.2f}–{s['ratio_max']:.2f}×)",
                         verdict(s["ratio"] <= 1.0)])
            rows.append([f"{what}: faster than Python `requests.Session`",
                         f"{s['vs_python']:.2f}× Python ({fmt(s['python'])} µs)",
                         verdict(s["vs_python"] < 1.0)])
        if flows_1000:
            c, sv = flows_1000["client"], flows_1000["server"]
            rows.append(["1,000 device flows, a caller ticking every 200 ms: under 3 % of a core",
                         f"{c['cpu_percent']:.2f} % of a core", verdict(c["cpu_percent"] < 3)])
            rows.append(["… under 32 MiB RSS", f"{c['hwm_mib']:.1f} MiB peak RSS (whole process)",
                         verdict(c["hwm_mib"] < 32)])
            over = sum(f["server"]["gaps_shorter_than_interval"] for f in flows)
            rows.append(["… never more than one request per flow per interval (at the server)",
                         f"{over} gaps shorter than the interval in "
                         f"{sum(f['server']['requests'] for f in flows):,} requests "
                         f"(all runs; {shortest(flows)}, interval 5 s)", verdict(over == 0)])
        for a in approval:
            limit = a["interval_s"] * 1000 + 100
            rows.append([f"Approval to `VBOMFA_OK` in a waiting caller: at most interval + 100 ms "
                         f"(interval {a['interval_s']} s)",
                         f"max {fmt(a['max_ms'])} ms, median {fmt(a['median_ms'])} ms "
                         f"({a['n']} sign-ins)", verdict(a["max_ms"] <= limit and a["failed"] == 0)])
        if cold:
            worst = max(v["beyond_network_ms"] for v in cold.values())
            rows.append(["Cold start (load, runtime, TLS configuration, roots, first request): "
                         "under 50 ms beyond the network",
                         f"{worst:.1f} ms (median; the worse of the two environments below)",
                         verdict(worst < 50)])
        if size:
            rows.append(["Stripped release cdylib: at most 3 MiB",
                         f"{size['stripped_bytes'] / MIB:.2f} MiB ({size['stripped_bytes']:,} bytes) "
                         f"built as the profile intends; {size_cargo['stripped_bytes'] / MIB:.2f} MiB "
                         "from `cargo build --release -p vbo_mfa_auth` (no LTO: below)",
                         verdict(size["stripped_bytes"] <= 3 * MIB)])
        if dotnet:
            ratio = med(d["ratio"] for d in dotnet)
            rows.append([".NET: a call through the C# library at most 5 % over the C call",
                         f"{ratio:.2f}× (`session.Get` {fmt(med(d['sync_median_us'] for d in dotnet))} µs, "
                         f"C ABI {fmt(med(d['c_abi_median_us'] for d in dotnet))} µs; "
                         f"`await GetAsync`: {med(d['async_ratio'] for d in dotnet):.2f}×, below)",
                         verdict(ratio <= 1.05)])
        if pwsh:
            ms = med(p["import_ms"] for p in pwsh)
            rows.append(["`Import-Module VboMfaAuth` in a fresh PowerShell: under 300 ms",
                         f"{ms:.0f} ms median ({len(pwsh)} processes, max "
                         f"{max(p['import_ms'] for p in pwsh):.0f} ms)", verdict(ms < 300)])
        self.table(["Target", "Measured", ""], rows)

        # Per request.
        self.out("## Per request, side by side")
        self.out()
        self.out(
            "`bench/c/side_by_side.c`: libcurl (one easy handle, kept-alive connection) and the "
            "library (its C ABI, as a host calls it: options JSON in, document out, freed) in one "
            "process, each with its own connection to the same nginx, sending the same bytes "
            "(same headers, the library's exact form body), in alternating blocks of "
            f"100 calls; Python `requests.Session` (`bench/requests_calls.py`) in its own process "
            "between them. Wall time per call (median, p90) and CPU time per call of the whole "
            "process (all threads, kernel included)."
        )
        self.out()
        rows = []
        for mode, what in (("get", "GET /v8/Organization"), ("token", "POST /v8/token (exchange)")):
            s = req.get(mode)
            if not s:
                continue
            rows.append([what, f"{fmt(s['curl'])} / {fmt(s['curl_p90'])} µs, CPU {fmt(s['curl_cpu'])} µs",
                         f"{fmt(s['lib'])} / {fmt(s['lib_p90'])} µs, CPU {fmt(s['lib_cpu'])} µs",
                         f"{fmt(s['python'])} µs, CPU {fmt(s['python_cpu'])} µs",
                         f"{s['ratio']:.2f}× ({s['cpu_ratio']:.2f}× CPU)",
                         f"{s['vs_python']:.2f}×", f"{s['rounds']} × {s['calls'] // s['rounds']:,}"])
        self.table(["Request", "curl (median / p90)", "library", "Python requests",
                    "library / curl", "library / Python", "rounds × calls"], rows)
        if ins:
            self.out("Instructions per call (callgrind; user space of every thread, the kernel not "
                     "counted; deterministic where wall time is not):")
            self.out()
            self.table(["Request", "curl (libcurl + OpenSSL)", "library", "library / curl"], [
                [mode, fmt(ins.get(("curl_calls", mode))), fmt(ins.get(("lib_calls", mode))),
                 f"{ins[('lib_calls', mode)] / ins[('curl_calls', mode)]:.2f}×"]
                for mode in ("get", "token") if ("curl_calls", mode) in ins and ("lib_calls", mode) in ins
            ])
            self.out("Callgrind counts each byte of a `rep movsb`/`rep stosb` copy or wipe (glibc's "
                     "memcpy and memset for large buffers) as an instruction, which overstates "
                     "copies; the CPU time by part below is measured in time.")
            self.out()
        self.parts_section()

        # Flows.
        self.out("## Device flows: how the cost grows")
        self.out()
        self.out(
            "`bench/c/flows.c`: N flows started at once (interval 5 s, the server's default), "
            "then one thread calls `vbomfa_poll_token` on every flow every 200 ms for "
            "the run; a poll sends a request only when its flow's interval has passed, and waits "
            "for that answer. CPU is the whole process's over the polling (all threads), as a "
            "share of one core; RSS is the whole process's (a C program, the library and N "
            "flows). The server column is nginx's log of the token requests "
            "(`bench/flow_log.py`)."
        )
        self.out()
        rows = []
        for f in flows:
            c, s = f["client"], f["server"]
            gap = "one request per flow" if s["min_gap_s"] is None else f"{s['min_gap_s']:.3f} s"
            rows.append([f"{c['flows']:,}", f"{c['cpu_percent']:.2f} %", f"{c['hwm_mib']:.1f} MiB",
                         f"{c['start_s']:.2f} s", f"{c['polls'] / c['seconds']:,.0f}",
                         f"{s['requests'] / c['seconds']:,.1f}", gap,
                         str(s["gaps_shorter_than_interval"]), str(c["late_ticks"])])
        self.table(["Flows", "CPU (one core)", "peak RSS", "start all", "polls/s",
                    "token requests/s (server)", "shortest gap per flow", "gaps < interval",
                    "late ticks"], rows)
        if len(flows) >= 2:
            base = flows[0]["client"]

            def rate(f):
                return f["server"]["requests"] / f["client"]["seconds"]

            self.out(
                "Growth against the work (token requests per second at the server): " + "; ".join(
                    f"{f['client']['flows']:,} flows: CPU ×{f['client']['cpu_percent'] / base['cpu_percent']:.0f}, "
                    f"requests ×{rate(f) / max(rate(flows[0]), 1e-9):.0f}"
                    for f in flows[1:]) + f" (against {base['flows']:,} flows). RSS grows by about "
                f"{(flows[-1]['client']['hwm_mib'] - base['hwm_mib']) * 1024 / max(flows[-1]['client']['flows'] - base['flows'], 1):.1f} KiB per flow."
            )
            self.out()
        self.out(
            "A late tick is one whose polls took longer than 200 ms: at 10,000 flows started "
            "together, a whole interval's requests come due in the same ticks."
        )
        self.out()

        # Approval.
        self.out("## Approval to token")
        self.out()
        self.out(
            "`bench/c/approval.c`: each flow has a thread waiting in `vbomfa_wait_token`; the "
            "main thread approves each flow at a random moment 0.5 to 2.5 intervals after its start "
            "(it creates the file the server checks) and the waiting thread notes when "
            "`VBOMFA_OK` comes back. The bound is the next poll (one interval after the last "
            "pending answer) plus one request."
        )
        self.out()
        self.table(["Interval", "Sign-ins", "median", "p90", "max", "bound"],
                   [[f"{a['interval_s']} s", a["n"], f"{fmt(a['median_ms'])} ms", f"{fmt(a['p90_ms'])} ms",
                     f"{fmt(a['max_ms'])} ms", f"{a['interval_s'] * 1000 + 100:,} ms"] for a in approval])

        # Cold start.
        self.out("## Cold start")
        self.out()
        self.out(
            "`bench/c/cold_start.c` in fresh processes: `dlopen` of the library and its first "
            "`vbomfa_vbo_request` (runtime, TLS configuration with the OS store, the public roots "
            "and the CA file, connection, handshake, request), then a request on a new connection "
            "in the warm process (the network: TCP and TLS handshake on loopback, the request). "
            "Beyond the network = load + first call − new connection. rustls-native-certs reads "
            "`SSL_CERT_FILE` and `SSL_CERT_DIR` when they are set (they are, on this machine) "
            "and else the places openssl-probe finds (here the same bundle and directory): both "
            "are measured."
        )
        self.out()
        self.table(["Environment", "load", "first call", "new connection", "beyond the network (median)",
                    "worst run"],
                   [[env, f"{v['load_ms']:.2f} ms", f"{v['first_call_ms']:.2f} ms",
                     f"{v['new_connection_ms']:.2f} ms", f"{v['beyond_network_ms']:.2f} ms",
                     f"{v['max_beyond']:.2f} ms"] for env, v in cold.items()])

        self.size_section(size, size_cargo)
        self.dotnet_section(dotnet, pwsh)
        self.why_section(req)
        self.fixes_section()
        return "\n".join(self.lines).rstrip() + "\n"

    def size_section(self, size, size_cargo):
        if not size:
            return
        self.out("## Library size")
        self.out()
        self.out(
            "The stripped release cdylib. `[profile.release]` asks for LTO, but Cargo runs LTO "
            "only when every crate type of a target allows it, and `crate-type = [\"cdylib\", "
            "\"rlib\"]` does not (the rlib is what the CLI and the tests link): `cargo build "
            "--release -p vbo_mfa_auth` passes no `-C lto` at all. Building the cdylib alone, "
            "`cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib`, gives the library "
            "the profile describes, smaller and faster (the requests above use it)."
        )
        self.out()
        nolto = [x for x in load(self.r, "requests-nolto.jsonl")]
        if nolto:
            self.out(
                "The same GET side by side with the `cargo build` library (no LTO), in this run: "
                f"{med(x['median_ratio'] for x in nolto):.2f}× curl, "
                f"{med(x['cpu_ratio'] for x in nolto):.2f}× curl's CPU "
                f"(rounds: {len(nolto)}; the LTO build: the table above)."
            )
            self.out()
        sec = size["sections"]
        sec_cargo = size_cargo["sections"]
        self.table(["Build", "file", ".text", ".rodata", ".eh_frame + .gcc_except_table", ".rela.dyn"], [
            ["`cargo rustc … --crate-type cdylib` (LTO)", f"{size['stripped_bytes']:,} B ({size['stripped_bytes'] / MIB:.2f} MiB)",
             f"{sec.get('.text', 0):,}", f"{sec.get('.rodata', 0):,}",
             f"{sec.get('.eh_frame', 0) + sec.get('.gcc_except_table', 0):,}", f"{sec.get('.rela.dyn', 0):,}"],
            ["`cargo build --release -p vbo_mfa_auth` (no LTO)",
             f"{size_cargo['stripped_bytes']:,} B ({size_cargo['stripped_bytes'] / MIB:.2f} MiB)",
             f"{sec_cargo.get('.text', 0):,}", f"{sec_cargo.get('.rodata', 0):,}",
             f"{sec_cargo.get('.eh_frame', 0) + sec_cargo.get('.gcc_except_table', 0):,}",
             f"{sec_cargo.get('.rela.dyn', 0):,}"],
        ])
        self.out(
            "What each dependency adds: the symbols of the same build with symbols (the "
            "`profiling` profile: release, not stripped), summed by the crate each belongs to "
            f"(`bench/size.py`; {size['symbols_bytes']:,} bytes of symbols in all, the rest of the "
            "file being unwind tables, relocations and headers). std includes Rust's backtrace "
            "printer (gimli, addr2line, rustc_demangle, miniz_oxide), which the default panic "
            "hook keeps; `[C runtime and other]` is mostly ring's C code."
        )
        self.out()
        crates = size["crates"]
        top = crates[:16]
        rest = sum(b for _, b in crates[16:])
        self.table(["Crate", "bytes", "share"],
                   [[c, f"{b:,}", f"{100 * b / size['symbols_bytes']:.1f} %"] for c, b in top]
                   + [["everything else", f"{rest:,}", f"{100 * rest / size['symbols_bytes']:.1f} %"]])
        self.out(
            "What was done for size, and what it cost: crates whose code a request on a "
            "pooled connection runs little or none of (ring's curve and RSA code, rustls and "
            "webpki's handshake and certificate checks, idna and the ICU tables, the root "
            "stores, reqwest's client building) are optimized for size in `Cargo.toml`; the "
            "request path keeps opt-level 3 (opt-level \"s\" everywhere made requests about "
            "20 % slower: 1.20× curl instead of 1.03× in a side-by-side run; the chosen set costs "
            "a GET about 1.5 % more instructions). `build.rs` links with lld's identical-code "
            "folding (`--icf=safe`, about 75 KB). tokio lost the multi-thread scheduler (the "
            "runtime is a current-thread one now) and rustls its logging (no logger can reach a "
            "cdylib's private `log`). Nothing the library does was dropped: TLS 1.2 and 1.3, "
            "both AEADs, the OS store and the public roots, proxies, IDN hosts."
        )
        self.out()

    def dotnet_section(self, dotnet, pwsh):
        if not dotnet and not pwsh:
            return
        self.out("## The .NET layer and the PowerShell module")
        self.out()
        if dotnet:
            self.out(
                "`bench/dotnet/` (LayerCost): one signed-in `VboSession` against the same nginx, "
                "then blocks of 100 calls of each, in turn: a bare P/Invoke of `vbomfa_vbo_request` "
                "on the caller's thread (what a C program does), `session.Get(\"/Organization\")` "
                "(the library's synchronous call: the same native call on the caller's thread, "
                "plus UTF-8 arguments, the token lease, the refresh check and the answer read "
                "into a `VboResponse`) and `await session.GetAsync(\"/Organization\")` (the same, "
                "run on the thread pool); after a warm-up of at least 5 s in turn, so that .NET's tiered "
                "compilation has optimized the managed code (what a long-running program runs), "
                "and in an order that changes from block to block through all six. CPU time "
                "(`CLOCK_PROCESS_CPUTIME_ID`) and context switches are the whole "
                "process's (`/proc/self/task/*/status`) during each side's blocks."
            )
            self.out()
            self.table(["Round", "C ABI (median / p90)", "Get (median / p90)", "Get / C ABI",
                        "GetAsync (median / p90)", "GetAsync / C ABI",
                        "CPU per call (C ABI, Get, GetAsync)", "switches per call (C ABI, Get, GetAsync)"],
                       [[i + 1, f"{fmt(d['c_abi_median_us'])} / {fmt(d['c_abi_p90_us'])} µs",
                         f"{fmt(d['sync_median_us'])} / {fmt(d['sync_p90_us'])} µs", f"{d['ratio']:.2f}×",
                         f"{fmt(d['async_median_us'])} / {fmt(d['async_p90_us'])} µs", f"{d['async_ratio']:.2f}×",
                         f"{fmt(d['c_abi_cpu_us'])}, {fmt(d['sync_cpu_us'])}, {fmt(d['async_cpu_us'])} µs",
                         f"{d['c_abi_switches_per_call']:.1f}, {d['sync_switches_per_call']:.1f}, "
                         f"{d['async_switches_per_call']:.1f}"]
                        for i, d in enumerate(dotnet)])
            parts = {x["client"]: x for x in load(self.r, "dotnet-parts.jsonl")}
            if "c_abi" in parts and "sync" in parts:
                bare, sync = parts["c_abi"]["us_per_call"], parts["sync"]["us_per_call"]
                self.out(
                    "Where the CPU time of a call goes, the bare call and `session.Get` each alone "
                    f"({parts['sync']['calls']:,} calls after the same warm-up; `perf record -e cpu-clock` "
                    "with the runtime's perf map, so that JIT-compiled methods are named; "
                    "`bench/perf_parts.py --dotnet`), in µs per call:"
                )
                self.out()
                names = sorted(set(bare) | set(sync), key=lambda n: -max(bare.get(n, 0), sync.get(n, 0)))
                rows = [[n, f"{bare.get(n, 0):.1f}", f"{sync.get(n, 0):.1f}"] for n in names]
                rows.append(["**all**", f"**{sum(bare.values()):.1f}**", f"**{sum(sync.values()):.1f}**"])
                self.table(["Part", "bare P/Invoke", "`session.Get`"], rows)
        if pwsh:
            values = sorted(p["import_ms"] for p in pwsh)
            self.out(
                f"`Import-Module ./powershell/out/VboMfaAuth` timed with `Measure-Command` in "
                f"{len(values)} fresh PowerShell 7.6 processes (the test host built from "
                f"Microsoft.PowerShell.SDK): median {med(values):.0f} ms, min {values[0]:.0f} ms, "
                f"max {values[-1]:.0f} ms. The import loads two small assemblies; the native "
                "library loads on the first call."
            )
            self.out()

    def parts(self):
        """CPU µs per call by part: {(client, mode): {part: us}} (perf, bench/perf_parts.py)."""
        return {(x["client"], x["mode"]): x["us_per_call"] for x in load(self.r, "parts.jsonl")}

    def parts_section(self):
        parts = self.parts()
        columns = [(c, m) for m in ("get", "token") for c in ("curl", "library") if (c, m) in parts]
        if not columns:
            return
        self.out(
            "Where the CPU time of a call goes (`perf record -e cpu-clock` of "
            f"{load(self.r, 'parts.jsonl')[0]['calls']:,} calls of each client alone, "
            "`bench/c/curl_calls.c` and `bench/c/lib_calls.c`; every thread, the kernel included; "
            "symbols sorted into parts by `bench/perf_parts.py`), in µs per call:"
        )
        self.out()
        names = sorted({name for column in columns for name in parts[column]},
                       key=lambda name: -max(parts[column].get(name, 0) for column in columns))
        rows = [[name] + [f"{parts[column].get(name, 0):.1f}" for column in columns] for name in names]
        rows.append(["**all**"] + [f"**{sum(parts[column].values()):.1f}**" for column in columns])
        self.table(["Part"] + [f"{'GET' if m == 'get' else 'token'}: {c}" for c, m in columns], rows)

    def why_section(self, req):
        misses = []
        token = req.get("token")
        if token and token["ratio"] > 1.0:
            misses.append("token")
        self.out("## Where targets are missed, and why")
        self.out()
        if "token" in misses:
            self.token_miss(token)
        if not misses:
            self.out("Every per-request target is met in this run.")
            self.out()
        dotnet = load(self.r, "dotnet.jsonl")
        if dotnet:
            ratio = med(d["ratio"] for d in dotnet)
            async_ratio = med(d["async_ratio"] for d in dotnet)
            cpu = {side: med(d[f"{side}_cpu_us"] for d in dotnet) for side in ("c_abi", "sync", "async")}
            sw_native = med(d["c_abi_switches_per_call"] for d in dotnet)
            sw_async = med(d["async_switches_per_call"] for d in dotnet)
            lead = (f"**The .NET layer: `session.Get` {ratio:.2f}× the C call (missed).** "
                    if ratio > 1.05 else
                    f"**The .NET layer's async calls (`session.Get`: {ratio:.2f}×, met).** ")
            parts = {x["client"]: x["us_per_call"] for x in load(self.r, "dotnet-parts.jsonl")}
            managed = ""
            if "c_abi" in parts and "sync" in parts:
                layer = ["managed: VboMfaAuth (arguments, token lease, answer read)",
                         "managed: .NET libraries (UTF-8, strings, collections, interop stubs)",
                         "CLR runtime (libcoreclr: P/Invoke transitions, SafeHandles, GC, JIT)"]
                added = sum(parts["sync"].get(n, 0) - parts["c_abi"].get(n, 0) for n in layer)
                managed = (f" The profile above puts the managed layer's own parts at {added:.1f} µs "
                           "per call more than the bare call's (the answer's body decoded, walked "
                           "over and made a .NET string, which a C caller that frees the document "
                           "unread never pays), beside a native call of "
                           f"{parts['c_abi'].get('the native library (libvbo_mfa_auth: the request itself)', 0):.0f} µs "
                           "and a kernel part that varies more than that from run to run.")
            self.out(
                lead + "On the caller's thread the managed layer adds the UTF-8 arguments, the "
                "token lease, the refresh check and the answer read into a `VboResponse` (the "
                "document decoded once, the body walked over and kept as text): CPU "
                f"{cpu['sync']:.0f} µs per call against {cpu['c_abi']:.0f} µs for the bare call."
                + managed + " "
                f"`await session.GetAsync` measures {async_ratio:.2f}× in wall time but costs "
                f"{cpu['async']:.0f} µs of CPU per call, with {sw_async:.1f} context switches "
                f"against {sw_native:.1f}: it runs the same call on the thread pool "
                "(`Blocking.RunAsync`) so that an async caller's thread stays free, and the "
                "awaiting code resumes on a pool thread. Its wall time can come out below the "
                "bare call's because the pool's idle threads spin for a moment before they sleep, "
                "which keeps a core awake for the next answer: that is CPU spent, not saved. "
                "The library's C ABI blocks the calling thread for a request (it drives its "
                "runtime on it), so an async wrapper cannot avoid the hand-off; `Get`, `Send` "
                "and `Refresh` are the calls for code that can block (dotnet/README.md)."
            )
            self.out()
        self.out(
            "**`cargo build` without LTO.** The size and the per-request figures hold for the "
            "library built as the release profile says. What ships it builds it that way: "
            "`powershell/build.ps1 -BuildNative` and the packing instructions in README.md and "
            "dotnet/README.md use `cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib`; "
            "a plain `cargo build --release` library (no LTO) works the same, larger and slower."
        )
        self.out()

    def token_miss(self, token):
        parts = self.parts()
        curl, lib = parts.get(("curl", "token")), parts.get(("library", "token"))
        self.out(
            f"**The token exchange ({token['ratio']:.2f}× curl).** curl sends a body it is given "
            "and hands back the bytes it receives. The exchange does that and the work that "
            "makes it the exchange: it checks the assertion (a JSON parse of about 6 KB), "
            "percent-encodes it into the form body, reads VBO's answer into its members with the "
            "tokens in wiped strings, computes `expires_at` and writes the result document; "
            "every copy holding a token is wiped."
        )
        self.out()
        if not (curl and lib):
            return
        machinery = ["HTTP client (libcurl; reqwest, hyper, tokio)", "TLS: encryption (AES-GCM)",
                     "TLS: records and state (OpenSSL's libssl, rustls)"]
        own = ["JSON (assertion check, answer read, document written)", "form body (percent-encoding)",
               "the library's own (options, pool, boundary, secrets)"]
        total = lambda p, names: sum(p.get(n, 0) for n in names)
        extra = sum(lib.values()) - sum(curl.values())
        self.out(
            "The CPU time by part (above) shows where the difference is. The HTTP and TLS "
            f"machinery costs less in the library than in libcurl and OpenSSL "
            f"({total(lib, machinery):.1f} µs against {total(curl, machinery):.1f} µs per call; "
            f"the kernel's part: {lib.get('kernel: sockets, TCP, scheduling', 0):.1f} µs against "
            f"{curl.get('kernel: sockets, TCP, scheduling', 0):.1f}). In all the library spends "
            f"{extra:.1f} µs more than curl, and what it spends on top is the exchange's own work: "
            f"JSON, the form body and the library's own code ({total(lib, own):.1f} µs), the "
            "allocations and copies that go with them "
            f"({lib.get('allocator (malloc, free)', 0) + lib.get('copies and wipes (memcpy, memmove, memset)', 0):.1f} µs "
            f"against curl's {curl.get('allocator (malloc, free)', 0) + curl.get('copies and wipes (memcpy, memmove, memset)', 0):.1f}) "
            f"and Rust's string and formatting code ({lib.get('Rust std and core (UTF-8 checks, formatting, hashing)', 0):.1f} µs); "
            "reqwest also parses each request's URL twice "
            f"(`url`, {lib.get('URL parsing (url, idna)', 0):.1f} µs: once to build the `http::Uri`, "
            "once in its redirect policy, which runs even with redirects off). Each of the "
            "exchange's own steps is already single-pass (a vectorized form encoder and JSON "
            "string writer, token presence checked without copying tokens, the document "
            "written once); what is left is the work itself, a few microseconds once per "
            "sign-in or refresh, beside a real server's round trip of milliseconds."
        )
        self.out()

    def fixes_section(self):
        self.out("## What was found, and fixed")
        self.out()
        self.out(
            "Measured against the same nginx before the changes (callgrind and `perf` with frame "
            "pointers; `perf stat -e context-switches`): a GET cost about 760,000 instructions "
            "and 7 thread switches, curl 190,000 and 1 (1.9× curl in wall time); the exchange "
            "3.5× curl. In order of what they cost:"
        )
        self.out()
        for item in [
            "**Thread hops.** Each call blocked on a multi-thread tokio runtime: the call's future "
            "ran on the caller's thread, the connection's task on a worker, and every step of an "
            "exchange (request handed over, response head, each body chunk, its end) woke the other "
            "side, about 7 context switches per request. The runtime is now a current-thread one "
            "that the calling thread drives while it waits (`src/runtime.rs`): one sleep in "
            "`epoll` per request, as curl. A keeper thread drives it only when no call has been "
            "inside for 50 ms (device-flow requests whose waiter left, connections the server "
            "closed); back-to-back calls never wake it.",
            "**Redaction built eagerly.** Every request worked out all the forms a server might "
            "echo its secrets in (12 per token, up to 3× its length) before sending: 40 % of a "
            "GET. They are now worked out the first time a text is redacted, which only a failure "
            "does (`src/redact.rs`).",
            "**JSON round trips.** An API answer was parsed into a `serde_json::Value`, cloned and "
            "serialized again for the C caller (200,000 instructions for 1.6 KB). The C ABI now "
            "hands out the body as received, checked to be JSON and stripped of the whitespace "
            "between tokens in one pass (`src/json_text.rs`, tested against serde_json on 200,000 "
            "random texts; `RawApiReply`); the Rust API still gets a `Value`. A success answer is "
            "no longer parsed a second time to look for an OAuth `error` member it cannot hold.",
            "**Per-call option work.** `options_json` was parsed twice (a `Value`, cloned, then the "
            "struct), the CA file read and its PEM decoded on every call, the base URL parsed on "
            "every call. Options are read in one pass; CA texts, CA files (by version, looked at "
            "once a second) and base URLs are remembered (`src/memo.rs`).",
            "**Byte-at-a-time work on secrets.** Wiping by one `black_box` store per byte "
            "(about 10 KB per call), a form encoder pushing one `char` at a time (6 KB per "
            "exchange), tokens copied into `Value`s only to test that they exist: now a `memset` "
            "kept by `black_box`, a vectorized encoder copying unreserved runs whole, and a "
            "visitor that looks at a token without keeping it. The result document's strings "
            "(kilobytes of tokens) went through serde_json's byte-by-byte escape table; they are "
            "now copied a run at a time (`src/ffi/json_string.rs`, the same bytes as serde_json, "
            "checked against it).",
            "**Several URL parses per request.** Request URLs are made from the parsed origin; an "
            "API path is parsed once (the check that it stays under `/vN/`) and handed to reqwest "
            "parsed.",
            "**Size.** See \"Library size\": the no-LTO build, crates optimized for size where "
            "requests do not run, identical-code folding, unused tokio and rustls features.",
            "**The .NET layer.** Every `VboSession` call ran the native call on the thread pool "
            "(twice the bare call's CPU, two thread wake-ups); `session.Get`, `Send` and "
            "`Refresh` now make the same calls on the caller's thread, for code that can block. "
            "An API answer was decoded into a string, copied into a char array and parsed into "
            "dictionaries and lists only to cut the body out again; it is now decoded once and "
            "the body walked over without being built (with the same checks, tested against the "
            "full reader on 20,000 generated and mutated documents). The first measurement "
            "(1.5×) also timed code .NET had not optimized yet: the benchmark now warms up for "
            "5 s and changes the order of its sides from block to block.",
        ]:
            self.out(f"- {item}")
        self.out()
        self.out(
            "Polls that send nothing write their document by hand (a host ticking over 1,000 "
            "flows asks for thousands a second). `benches/calls.rs` (`cargo bench --bench calls`) "
            "still times the Rust API against the in-process simulator."
        )


def main():
    results, command = sys.argv[1], sys.argv[2]
    sys.stdout.write(Report(results, command).write())


if __name__ == "__main__":
    main()
