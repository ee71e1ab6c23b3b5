#!/usr/bin/env bash
# Every test of the project, as the README's test command runs it (and .ci/run after its installs):
# formatting, clippy with warnings as errors, then every test of the workspace: unit tests,
# the C ABI integration tests against the simulator over TLS, the header check, the C programs
# under valgrind, the simulator's and the CLI's own tests; then the .NET library, its tests,
# the net472 driver under Mono and csharp-demo (dotnet/test.sh); then the PowerShell module's
# Pester suite in PowerShell 7.6 (powershell/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# No crate registry here? Point cargo at the packed crates beside the project (the script does
# nothing where the registry is reachable, and is absent outside this project's machines).
if [ -f ../shared/crates/activate ]; then
  bash ../shared/crates/activate
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace
echo "== .NET: VboMfaAuth, csharp-demo (dotnet/test.sh)"
bash dotnet/test.sh
echo "== PowerShell module (powershell/test.sh: Pester with PowerShell 7.6)"
bash powershell/test.sh
