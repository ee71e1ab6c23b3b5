#!/usr/bin/env bash
# The PowerShell module's tests, as tests/run-all.sh runs them: builds what they need (the
# native library and the simulator, the cmdlets and the .NET library, the PowerShell 7.6 test
# host from Microsoft.PowerShell.SDK, Pester 5.7.1 from NuGet, the staged module), then runs
# the Pester suite with that host (or with a system pwsh where one exists). The exit code is
# Pester's. Without a dotnet SDK: a loud SKIPPED banner and exit 0, except under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAILED: the PowerShell tests need the dotnet SDK, and CI=true (.ci/run must install it)." >&2
    exit 1
  fi
  echo "################################################################"
  echo "##  SKIPPED: PowerShell tests (no dotnet SDK)                  ##"
  echo "################################################################"
  exit 0
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

echo "== cargo build -p vbo_mfa_auth -p vbomfa (the native library and the simulator, debug)"
cargo build -p vbo_mfa_auth -p vbomfa

echo "== the PowerShell 7.6 test host and Pester 5.7.1 (NuGet)"
dotnet build powershell/host/PwshHost.csproj -c Release -nologo -v quiet
if command -v pwsh >/dev/null 2>&1; then
  shell=(pwsh)
else
  shell=(powershell/host/bin/Release/net10.0/pwsh-host)
fi
packages="$(dotnet nuget locals global-packages --list | sed -e 's/^global-packages: *//')"
pester="${packages%/}/pester/5.7.1/tools/Pester.psd1"
[ -f "$pester" ] || { echo "Pester 5.7.1 was not restored to $pester" >&2; exit 1; }
"${shell[@]}" -NoProfile -NonInteractive -Command '"PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)) on $($PSVersionTable.OS)"'

echo "== build and stage the module (powershell/out/VboMfaAuth)"
"${shell[@]}" -NoProfile -NonInteractive -File powershell/build.ps1 -NativeProfile debug

echo "== Pester"
exec "${shell[@]}" -NoProfile -NonInteractive -File powershell/tests/Invoke-Tests.ps1 -PesterManifest "$pester"
