#!/usr/bin/env bash
# The .NET part of the test command (tests/run-all.sh calls it after the cargo tests):
#  1. builds the Rust pieces it needs (the library and vbomfa, whose `sim` is the simulator);
#  2. builds every .NET project (warnings are errors) and runs the xunit tests;
#  3. runs the net472 driver under Mono (the .NET Framework marshalling PowerShell 5.1 uses);
#  4. runs csharp-demo end to end (demo, multi --count 20, login and its exit codes);
#  5. packs the NuGet package and checks its layout, then builds and runs a program that
#     references that package.
# Without the dotnet SDK (or Mono) it prints a loud SKIPPED banner and exits 0, except when
# CI=true: CI must have them (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

banner() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' "$1" >&2; }
fail() { echo "dotnet/test.sh: FAILED: $*" >&2; exit 1; }

if ! command -v dotnet >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then fail "no dotnet SDK on this CI machine (.ci/run should have found it)"; fi
  banner "SKIPPED: .NET tests (no dotnet SDK)"
  exit 0
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== cargo build -p vbo_mfa_auth -p vbomfa (the native library and the simulator)"
cargo build -p vbo_mfa_auth -p vbomfa
native_dir="$root/target/debug/"
export VBOMFA_BIN="$root/target/debug/vbomfa"
msbuild_args=(-p:VboMfaNativeDir="$native_dir" -nologo -clp:NoSummary)

echo "== dotnet build (library, simulator helper, tests, net472 driver, csharp-demo)"
dotnet build dotnet/VboMfaAuth.sln "${msbuild_args[@]}"

echo "== dotnet test (xunit, against the simulator over TLS)"
dotnet test dotnet/VboMfaAuth.Tests/VboMfaAuth.Tests.csproj --no-build "${msbuild_args[@]}"

echo "== net472 driver under Mono"
if command -v mono >/dev/null 2>&1; then
  driver_log=$(mktemp)
  mono dotnet/VboMfaAuth.Net472Driver/bin/Debug/net472/VboMfaAuth.Net472Driver.exe | tee "$driver_log" \
    || fail "the net472 driver failed under Mono"
  grep -Eq '^[0-9]+ passed, 0 failed$' "$driver_log" || fail "the net472 driver did not report its checks"
  rm -f "$driver_log"
elif [ "${CI:-}" = "true" ]; then
  fail "no mono on this CI machine (.ci/run installs mono-runtime and mono-devel)"
else
  banner "SKIPPED: the net472 driver under Mono (no mono; apt-get install mono-runtime mono-devel)"
fi

echo "== csharp-demo end to end"
bash dotnet/demo-test.sh "$root/csharp-demo/bin/Debug/net8.0/csharp-demo.dll"

echo "== dotnet pack and a program that uses the package"
bash dotnet/pack-test.sh "$native_dir"

echo "== dotnet/test.sh: all .NET checks passed"
