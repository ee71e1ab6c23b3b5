#!/usr/bin/env bash
# dotnet pack of VboMfaAuth, then: the package's layout (lib/netstandard2.0, this machine's native
# library under runtimes/linux-x64/native/ and builds dropped for win-x64 and osx-arm64 under
# theirs, no dependency at all in the nuspec), and a net10.0 program that
# references the package (from a local folder) and calls the library through it, with no
# LD_LIBRARY_PATH. Called by dotnet/test.sh with the folder that holds the native library.
set -euo pipefail
cd "$(dirname "$0")/.."
native_dir="$(cd "$1" && pwd)/"   # MSBuild would read a relative path from the project folder
out=dotnet/artifacts
rm -rf "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "dotnet/pack-test.sh: FAILED: $*" >&2; exit 1; }

# Builds "made elsewhere" dropped one folder per RID (stand-ins here: only their place is checked).
drop="$work/drop"
mkdir -p "$drop/win-x64" "$drop/osx-arm64"
echo "stand-in" >"$drop/win-x64/vbo_mfa_auth.dll"
echo "stand-in" >"$drop/osx-arm64/libvbo_mfa_auth.dylib"
dotnet pack dotnet/VboMfaAuth/VboMfaAuth.csproj -c Release -p:VboMfaNativeDir="$native_dir" -p:VboMfaNativeDropDir="$drop" -o "$out" -nologo -clp:NoSummary
package=$(ls "$out"/VboMfaAuth.*.nupkg)

python3 - "$package" <<'PY' || fail "the package layout is wrong"
import sys, zipfile, re
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["lib/netstandard2.0/VboMfaAuth.dll", "lib/netstandard2.0/VboMfaAuth.xml",
        "runtimes/linux-x64/native/libvbo_mfa_auth.so", "runtimes/win-x64/native/vbo_mfa_auth.dll",
        "runtimes/osx-arm64/native/libvbo_mfa_auth.dylib", "README.md", "VboMfaAuth.nuspec"]
missing = [n for n in need if n not in names]
if missing: sys.exit("missing from the package: %s (it has %s)" % (missing, names))
lib = [n for n in names if n.startswith("lib/")]
if any(not n.startswith("lib/netstandard2.0/") for n in lib): sys.exit("other target frameworks: %s" % lib)
nuspec = zipfile.ZipFile(sys.argv[1]).read("VboMfaAuth.nuspec").decode()
if "<dependency " in nuspec: sys.exit("the package depends on other packages:\n" + nuspec)
print("package layout ok: " + ", ".join(n for n in names if n.startswith(("lib/", "runtimes/"))))
PY

# A consumer of the package, restored into its own packages folder (nothing else is fetched:
# net10.0 is the SDK's own framework).
mkdir -p "$work/consumer"
cat >"$work/consumer/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>disable</ImplicitUsings>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
    <RestoreSources>$(cd "$out" && pwd)</RestoreSources>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="VboMfaAuth" Version="*" />
  </ItemGroup>
</Project>
XML
cat >"$work/consumer/Program.cs" <<'CS'
System.Console.WriteLine("version " + VboMfaAuth.VboMfaClient.NativeVersion + " from " + VboMfaAuth.VboMfaClient.NativeLibraryPath);
CS
dotnet build "$work/consumer" -nologo -clp:NoSummary -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "a program referencing the package does not build"; }
result=$(env -u LD_LIBRARY_PATH -u VBOMFA_NATIVE_LIBRARY dotnet "$work/consumer/bin/Debug/net10.0/consumer.dll") || fail "the consumer failed: $result"
echo "consumer: $result"
case "$result" in
  *"/runtimes/linux-x64/native/libvbo_mfa_auth.so") ;;
  *) fail "the consumer did not load the library from the package's runtimes/linux-x64/native/: $result" ;;
esac
echo "2 passed, 0 failed"  # the layout, the consumer
