#!/usr/bin/env bash
# csharp-demo end to end, exit codes and output asserted: demo, multi --count 20, and login
# against a simulator started here (success with --out, declined, refused by VBO, a usage
# error, Ctrl+C). Called by dotnet/test.sh with the path of csharp-demo.dll; needs VBOMFA_BIN.
set -euo pipefail
demo_dll=$1
: "${VBOMFA_BIN:?VBOMFA_BIN must name the vbomfa program}"
work=$(mktemp -d)
sim_pids=()
cleanup() {
  for pid in "${sim_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "dotnet/demo-test.sh: FAILED: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }

# run NAME ARGS...: runs csharp-demo, keeps stdout, stderr and the exit code in $work/NAME.*
run() {
  local name=$1; shift
  set +e
  dotnet "$demo_dll" "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.code"
  set -e
}
expect_code() { [ "$(cat "$work/$1.code")" = "$2" ] || fail "$1: exit code $(cat "$work/$1.code"), expected $2; stderr: $(cat "$work/$1.err")"; }
expect_in() { grep -qF -- "$3" "$work/$1.$2" || fail "$1: '$3' not in its std$2: $(cat "$work/$1.$2")"; }
# Simulator tokens are JWT-shaped: "eyJ" in any output would be a token.
expect_no_token() { ! grep -q 'eyJ' "$work/$1.out" "$work/$1.err" || fail "$1 printed something token-like"; }

# start_sim NAME SWITCHES...: a simulator in the background; its settings in $work/NAME.sim
start_sim() {
  local name=$1; shift
  : >"$work/$name.sim"
  "$VBOMFA_BIN" sim --port 0 "$@" >"$work/$name.sim" 2>/dev/null &
  sim_pids+=($!)
  for _ in $(seq 1 400); do grep -q '^options_json:' "$work/$name.sim" && return 0; sleep 0.05; done
  fail "vbomfa sim $* did not start"
}
value() { sed -n "s/^$2: *//p" "$work/$1.sim" | head -n 1; }
login_args() { echo "--server $(value "$1" vbo_url) --authority-host $(value "$1" authority_host) --ca-file $(value "$1" ca_file)"; }

run demo demo --approve-after-ms 1500
expect_code demo 0
expect_in demo out "enter the code"
expect_in demo out 'HTTP 200: organization "contoso.onmicrosoft.com"'
expect_in demo out "Demo complete: signed in contoso.onmicrosoft.com as admin@contoso.onmicrosoft.com"
expect_no_token demo
ok "demo: the whole flow, narrated, exit 0"

run multi multi --count 20
expect_code multi 0
expect_in multi out "20 of 20 organizations signed in"
[ "$(grep -c 'signed in as admin@' "$work/multi.out")" = 20 ] || fail "multi: not 20 sessions: $(cat "$work/multi.out")"
[ "$(grep -o 'signed in as admin@[a-z0-9.]*' "$work/multi.out" | sort -u | wc -l)" = 20 ] || fail "multi: the 20 users are not distinct"
expect_no_token multi
ok "multi --count 20: twenty organizations at once, exit 0"

start_sim approving --interval 1 --approve-after-ms 500
org=$(value approving organization)
# shellcheck disable=SC2046
run login login $(login_args approving) --organization "$org" --out "$work/session.json"
expect_code login 0
expect_in login out "\"name\":\"$org\""
expect_in login err "enter the code"
expect_in login err "Signed in as admin@contoso.onmicrosoft.com"
expect_no_token login
[ "$(stat -c %a "$work/session.json")" = 600 ] || fail "login --out: the session file is not owner-only"
"$VBOMFA_BIN" get /Organization -t "$work/session.json" >"$work/get.out" 2>"$work/get.err" || fail "vbomfa get with the saved session: $(cat "$work/get.err")"
grep -qF "$org" "$work/get.out" || fail "vbomfa get printed no organization"
ok "login: real-use command against the simulator, session saved owner-only and usable by vbomfa"

# shellcheck disable=SC2046
run refused login $(login_args approving) --organization "${org^^}" --tenant "$org"
expect_code refused 8
expect_in refused err "hint: "
expect_in refused err "status: VBOMFA_VBO_REJECTED, http_status: 400"
ok "login refused by VBO: exit 8 with the hint"

run usage login --server https://vbo --organization x --cloud usgov --authority-host https://a
expect_code usage 2
expect_in usage err "not both"
ok "usage error: exit 2"

start_sim declining --interval 1 --decline
# shellcheck disable=SC2046
run declined login $(login_args declining) --organization "$(value declining organization)"
expect_code declined 3
expect_in declined err "status: VBOMFA_DECLINED"
ok "login declined: exit 3"

start_sim manual --interval 1 --manual
: >"$work/ctrlc.err"
# Job control on, so the background job does not start with SIGINT ignored (as a
# non-interactive shell's background jobs do) and receives Ctrl+C's signal like a terminal's.
set -m
# shellcheck disable=SC2046
dotnet "$demo_dll" login $(login_args manual) --organization "$(value manual organization)" >"$work/ctrlc.out" 2>"$work/ctrlc.err" &
login_pid=$!
set +m
for _ in $(seq 1 400); do grep -q 'Waiting for the sign-in' "$work/ctrlc.err" && break; sleep 0.05; done
sleep 1.5
kill -INT "$login_pid"
set +e
for _ in $(seq 1 200); do kill -0 "$login_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$login_pid" 2>/dev/null && { kill -KILL "$login_pid"; fail "Ctrl+C: login did not end within 20 s"; }
wait "$login_pid"; code=$?
set -e
[ "$code" = 130 ] || fail "Ctrl+C: exit code $code, expected 130; stderr: $(cat "$work/ctrlc.err")"
grep -qF "cancelled" "$work/ctrlc.err" || fail "Ctrl+C: no 'cancelled' message"
ok "login cancelled with Ctrl+C while waiting: exit 130"

echo "$passed passed, 0 failed"
