#!/usr/bin/env bash
# Every performance measurement of the project, side by side in one run on this machine, then
# BENCHMARKS.md rewritten from the results (bench/report.py). Not part of the test command:
# the machine is shared and noisy, so numbers are measured here, never asserted in tests.
#
#   bash bench/run.sh           # the full run (about 6 minutes on 2 cores once built; 15 with builds)
#   bash bench/run.sh --quick   # fewer rounds, short flow runs: checks that everything works
#
# What it does: builds the library (release, as the profile intends: LTO, cdylib alone; and as
# `cargo build --release -p vbo_mfa_auth` builds it, for its size), the C programs in
# bench/c/ and the .NET program in bench/dotnet/; makes a CA and a server certificate; starts
# nginx (from the distribution) with two TLS servers on 127.0.0.1 (bench/nginx.conf.template:
# VBO-like and Microsoft-like); then measures, writing one JSON file per measurement into
# target/bench/results/: per-request cost against curl and Python requests, instruction counts
# (callgrind), CPU time by part (perf), 10 to 10,000 device flows, approval-to-token latency,
# cold start, size, the .NET layer and the PowerShell module's import. Needs root for apt-get
# when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
RUN=$OUT/run
RESULTS=$OUT/results
LIB=$OUT/lib
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then
  ROUNDS=2 BLOCKS=6 FLOW_SECONDS=8 FLOW_SIZES="10 100 1000" COLD_RUNS=3 APPROVALS=5 PERF_CALLS=3000
else
  ROUNDS=7 BLOCKS=20 FLOW_SECONDS=30 FLOW_SIZES="10 100 1000 10000" COLD_RUNS=15 APPROVALS=20 PERF_CALLS=20000
fi
BLOCK=100
PY=/usr/bin/python3 # Debian's python3-requests (PyPI is not reachable here)

say() { printf '\n== %s\n' "$*"; }

say "tools"
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || missing+=(libcurl4-openssl-dev)
$PY -c 'import requests' 2>/dev/null || missing+=(python3-requests)
command -v openssl >/dev/null || missing+=(openssl)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "missing: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
[ -f ../shared/crates/activate ] && bash ../shared/crates/activate >/dev/null
mkdir -p "$OUT" "$LIB" "$RESULTS" "$OUT/lib-cargo-build"
rm -f "$RESULTS"/*.json "$RESULTS"/*.jsonl

say "build: the library as the release profile intends (LTO: the cdylib built alone)"
cargo build --release -p vbo_mfa_auth
cp target/release/libvbo_mfa_auth.so "$OUT/lib-cargo-build/"
cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib
cp target/release/libvbo_mfa_auth.so "$LIB/"
cargo rustc --profile profiling -p vbo_mfa_auth --lib --crate-type cdylib

say "build: C programs (bench/c)"
link=(-L"$LIB" -lvbo_mfa_auth -Wl,-rpath,"$LIB")
for program in side_by_side lib_calls curl_calls flows approval cold_start; do
  gcc -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/$program" "bench/c/$program.c" \
    -lcurl "${link[@]}" -lpthread -ldl
done
gcc -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/side_by_side_nolto" bench/c/side_by_side.c -lcurl \
  -L"$OUT/lib-cargo-build" -lvbo_mfa_auth -Wl,-rpath,"$OUT/lib-cargo-build"
# For callgrind: the same build with symbols (the profiling profile: release, not stripped).
gcc -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/lib_calls_symbols" bench/c/lib_calls.c \
  -L"$ROOT/target/profiling" -lvbo_mfa_auth -Wl,-rpath,"$ROOT/target/profiling"

say "certificates, fixtures, nginx"
mkdir -p "$RUN"
rm -rf "$RUN/approved" "$RUN"/*.log
(
  cd "$RUN"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/CN=vbo_mfa_auth bench CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >ext.cnf
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 \
    -extfile ext.cnf 2>/dev/null
)
read -r API_PORT IDP_PORT < <($PY -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
python3 bench/fixtures.py "$RUN" "$API_PORT" "$IDP_PORT"
nginx -c "$RUN/nginx.conf" -p "$RUN" &
NGINX=$!
trap 'kill $NGINX 2>/dev/null || true' EXIT
VBO=https://127.0.0.1:$API_PORT
IDP=https://127.0.0.1:$IDP_PORT
CA=$RUN/ca.pem
for _ in $(seq 50); do curl -sf --cacert "$CA" "$VBO/v8/Organization" >/dev/null && break; sleep 0.1; done

machine() {
  $PY - "$@" <<'EOF'
import json, os, platform, subprocess, sys
def out(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return ""
print(json.dumps({
    "when": sys.argv[1],
    "date": out("date -u '+%Y-%m-%d %H:%M UTC'"),
    "cpu": out("lscpu | sed -n 's/^Model name: *//p'"),
    "cores": os.cpu_count(),
    "kernel": platform.release(),
    "os": out(". /etc/os-release && echo $PRETTY_NAME"),
    "load": os.getloadavg(),
    "rustc": out("rustc --version"),
    "nginx": out("nginx -v 2>&1"),
    "curl": out("curl --version | head -1"),
    "python_requests": out("/usr/bin/python3 -c 'import requests, sys; print(sys.version.split()[0], requests.__version__)'"),
    "dotnet": out("dotnet --version 2>/dev/null"),
}))
EOF
}
machine start >"$RESULTS/machine-start.json"

say "per request: curl and the library side by side, Python requests ($ROUNDS rounds)"
for round in $(seq "$ROUNDS"); do
  for mode in get token; do
    "$OUT/side_by_side" "$mode" "$VBO" "$CA" "$RUN" "$BLOCKS" "$BLOCK" | tee -a "$RESULTS/requests.jsonl"
    $PY bench/requests_calls.py "$mode" "$VBO" "$CA" "$RUN" $((BLOCKS * BLOCK / 2)) | tee -a "$RESULTS/python.jsonl"
  done
done

say "per request: the same GET with the library as cargo build builds it (no LTO)"
for round in $(seq $(((ROUNDS + 1) / 2))); do
  "$OUT/side_by_side_nolto" get "$VBO" "$CA" "$RUN" "$BLOCKS" "$BLOCK" | tee -a "$RESULTS/requests-nolto.jsonl"
done

say "instructions per call (callgrind: deterministic where wall time is noise)"
for client in lib_calls_symbols curl_calls; do
  for mode in get token; do
    counts=()
    for n in 200 1200; do
      valgrind --tool=callgrind --callgrind-out-file="$OUT/cg-$client-$mode-$n.out" \
        "$OUT/$client" "$mode" "$VBO" "$CA" "$RUN" "$n" >/dev/null 2>"$OUT/cg.log"
      counts+=("$(sed -n 's/.*refs: *//p' "$OUT/cg.log" | tr -d ,)")
    done
    echo "{\"client\":\"${client%_symbols}\",\"mode\":\"$mode\",\"per_call\":$(((counts[1] - counts[0]) / 1000))}" |
      tee -a "$RESULTS/instructions.jsonl"
  done
done

say "CPU time by part (perf: each client alone, $PERF_CALLS calls per request kind)"
if perf record -q -e cpu-clock -o "$OUT/perf-probe.data" true >/dev/null 2>&1; then
  for client in lib_calls_symbols curl_calls; do
    label=library
    [ "$client" = curl_calls ] && label=curl
    for mode in get token; do
      perf record -q -e cpu-clock -F 4000 -o "$OUT/perf-$label-$mode.data" \
        "$OUT/$client" "$mode" "$VBO" "$CA" "$RUN" "$PERF_CALLS" >/dev/null 2>&1
      $PY bench/perf_parts.py "$OUT/perf-$label-$mode.data" "$PERF_CALLS" 4000 "$label" "$mode" |
        tee -a "$RESULTS/parts.jsonl"
    done
  done
else
  echo "perf cannot record here (not installed: apt-get install linux-perf; or kernel.perf_event_paranoid):" \
    "BENCHMARKS.md leaves out the CPU time by part" >&2
fi

say "device flows: $FLOW_SIZES flows, a caller ticking every 200 ms, $FLOW_SECONDS s each"
for n in $FLOW_SIZES; do
  line=$("$OUT/flows" "$IDP" "$CA" "$n" "$FLOW_SECONDS" 200 5)
  sleep 1.5 # nginx flushes its log every second
  pid=$(echo "$line" | $PY -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
  server=$(python3 bench/flow_log.py "$RUN/idp-access.log" "$pid" 5)
  echo "{\"client\":$line,\"server\":$server}" | tee -a "$RESULTS/flows.jsonl"
done

say "approval to token (a waiting caller)"
for interval in 1 5; do
  "$OUT/approval" "$IDP" "$CA" "$RUN/approved" "$interval" "$APPROVALS" | tee -a "$RESULTS/approval.jsonl"
done

say "cold start ($COLD_RUNS fresh processes each)"
for run in $(seq "$COLD_RUNS"); do
  echo "{\"env\":\"as is\",\"run\":$("$OUT/cold_start" "$LIB/libvbo_mfa_auth.so" "$VBO" "$CA" "$RUN")}" >>"$RESULTS/cold.jsonl"
  echo "{\"env\":\"no SSL_CERT_FILE/DIR\",\"run\":$(env -u SSL_CERT_FILE -u SSL_CERT_DIR \
    "$OUT/cold_start" "$LIB/libvbo_mfa_auth.so" "$VBO" "$CA" "$RUN")}" >>"$RESULTS/cold.jsonl"
done
tail -2 "$RESULTS/cold.jsonl"

say "size"
python3 bench/size.py "$LIB/libvbo_mfa_auth.so" target/profiling/libvbo_mfa_auth.so >"$RESULTS/size.json"
python3 bench/size.py "$OUT/lib-cargo-build/libvbo_mfa_auth.so" target/profiling/libvbo_mfa_auth.so >"$RESULTS/size-cargo-build.json"
ls -l "$LIB/libvbo_mfa_auth.so" "$OUT/lib-cargo-build/libvbo_mfa_auth.so"

if command -v dotnet >/dev/null; then
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
  say ".NET: VboSession.Get and GetAsync next to the bare C ABI call ($ROUNDS rounds)"
  dotnet build bench/dotnet/LayerCost.csproj -c Release -nologo -v quiet -p:VboMfaNativeDir="$LIB/" -o "$OUT/dotnet"
  for round in $(seq "$ROUNDS"); do
    "$OUT/dotnet/LayerCost" "$VBO" "$IDP" "$CA" "$RUN/approved" "$RUN/access_token.txt" "$BLOCKS" "$BLOCK" |
      tee -a "$RESULTS/dotnet.jsonl"
  done
  if perf record -q -e cpu-clock -o "$OUT/perf-probe.data" true >/dev/null 2>&1; then
    say ".NET: CPU time by part, the bare call and session.Get each alone (perf, JIT-compiled methods named)"
    rm -f "$OUT/perf.ctl" && mkfifo "$OUT/perf.ctl"
    for side in c_abi sync; do
      DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 LAYERCOST_PROFILE=$side LAYERCOST_PERF_CTL="$OUT/perf.ctl" \
        perf record -q -D -1 --control "fifo:$OUT/perf.ctl" -e cpu-clock -F 4000 -o "$OUT/perf-dotnet-$side.data" \
        "$OUT/dotnet/LayerCost" "$VBO" "$IDP" "$CA" "$RUN/approved" "$RUN/access_token.txt" $((BLOCKS * 5)) "$BLOCK" >/dev/null
      $PY bench/perf_parts.py --dotnet "$OUT/perf-dotnet-$side.data" $((BLOCKS * 5 * BLOCK)) 4000 "$side" get |
        tee -a "$RESULTS/dotnet-parts.jsonl"
      rm -f /tmp/perf-[0-9]*.map
    done
  fi

  say "PowerShell: Import-Module VboMfaAuth in fresh processes"
  host=powershell/host/bin/Release/net10.0/pwsh-host
  [ -x "$host" ] || dotnet build powershell/host/PwshHost.csproj -c Release -nologo -v quiet
  [ -f powershell/out/VboMfaAuth/VboMfaAuth.psd1 ] ||
    "$host" -NoProfile -NonInteractive -File powershell/build.ps1 -NativeProfile release
  for run in $(seq "$COLD_RUNS"); do
    "$host" -NoProfile -NonInteractive -Command \
      '"{0:F1}" -f (Measure-Command { Import-Module ./powershell/out/VboMfaAuth }).TotalMilliseconds' |
      tail -1 | sed 's/^/{"import_ms":/; s/$/}/' | tee -a "$RESULTS/pwsh-import.jsonl"
  done
fi

machine end >"$RESULTS/machine-end.json"
say "BENCHMARKS.md"
python3 bench/report.py "$RESULTS" "bash bench/run.sh$([ $QUICK = 1 ] && echo ' --quick')" >BENCHMARKS.md
echo "written: BENCHMARKS.md"
