<#
.SYNOPSIS
    Builds and stages the VboMfaAuth PowerShell module, ready for Import-Module.

.DESCRIPTION
    Builds the cmdlets (dotnet build of src/VboMfaAuth.PowerShell, which builds the .NET library
    dotnet/VboMfaAuth with it), then stages one module folder: the manifest, both assemblies,
    the format file, the about topic and the MAML help (generated from help/), and the native
    library vbo_mfa_auth for each runtime whose build is present, under runtimes/<rid>/native/.
    The native builds are looked for in the cargo target folder (target/<profile>/ for this
    machine, target/<triple>/<profile>/ for cross builds) and in dotnet/native/<rid>/ (builds
    made on other machines). Runs in Windows PowerShell 5.1 and PowerShell 7.

        ./powershell/build.ps1
        Import-Module ./powershell/out/VboMfaAuth

    Install it for yourself by copying powershell/out/VboMfaAuth to a folder of $env:PSModulePath
    (for example ~/Documents/PowerShell/Modules on Windows, ~/.local/share/powershell/Modules
    elsewhere).

.PARAMETER Configuration
    The .NET build configuration: Release (default) or Debug.

.PARAMETER NativeProfile
    Which cargo profile's native library to take: release, debug, or auto (default: release
    where it has been built, else debug).

.PARAMETER BuildNative
    Run "cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib" first (needs Rust).

.PARAMETER OutputPath
    Where the module folder VboMfaAuth is staged (default: powershell/out).
#>
[CmdletBinding()]
param(
    [ValidateSet('Release', 'Debug')] [string] $Configuration = 'Release',
    [ValidateSet('auto', 'release', 'debug')] [string] $NativeProfile = 'auto',
    [switch] $BuildNative,
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out')
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$repo = Split-Path -Parent $PSScriptRoot
$moduleName = 'VboMfaAuth'

function Invoke-Native {
    param([string] $Description, [scriptblock] $Command)
    Write-Host "== $Description"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)" }
}

function Get-CrateVersion {
    $cargo = Get-Content -LiteralPath (Join-Path $repo 'Cargo.toml') -Raw
    $match = [regex]::Match($cargo, '(?ms)^\[package\].*?^version\s*=\s*"([^"]+)"')
    if (-not $match.Success) { throw 'Cannot find the [package] version in Cargo.toml' }
    return $match.Groups[1].Value
}

function Get-ThisRuntime {
    # $IsWindows and friends do not exist in Windows PowerShell 5.1, which runs on Windows only.
    $os = 'win'
    if ((Test-Path variable:IsLinux) -and $IsLinux) { $os = 'linux' }
    if ((Test-Path variable:IsMacOS) -and $IsMacOS) { $os = 'osx' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    return "$os-$arch"
}

function Get-NativeFileName {
    param([string] $Rid)
    if ($Rid.StartsWith('win')) { return 'vbo_mfa_auth.dll' }
    if ($Rid.StartsWith('osx')) { return 'libvbo_mfa_auth.dylib' }
    return 'libvbo_mfa_auth.so'
}

function Find-NativeLibraries {
    # rid -> full path of the library to ship
    $found = [ordered]@{}
    $profiles = if ($NativeProfile -eq 'auto') { @('release', 'debug') } else { @($NativeProfile) }
    $triples = [ordered]@{
        'win-x64'     = 'x86_64-pc-windows-msvc'
        'win-arm64'   = 'aarch64-pc-windows-msvc'
        'linux-x64'   = 'x86_64-unknown-linux-gnu'
        'linux-arm64' = 'aarch64-unknown-linux-gnu'
        'osx-x64'     = 'x86_64-apple-darwin'
        'osx-arm64'   = 'aarch64-apple-darwin'
    }
    $here = Get-ThisRuntime
    foreach ($rid in $triples.Keys) {
        $file = Get-NativeFileName $rid
        $candidates = @()
        foreach ($cargoProfile in $profiles) {
            if ($rid -eq $here) { $candidates += Join-Path $repo "target/$cargoProfile/$file" }
            $candidates += Join-Path $repo "target/$($triples[$rid])/$cargoProfile/$file"
        }
        $candidates += Join-Path $repo "dotnet/native/$rid/$file"
        foreach ($candidate in $candidates) {
            if (Test-Path -LiteralPath $candidate) { $found[$rid] = $candidate; break }
        }
    }
    if (-not $found.Contains($here)) {
        throw "No native library for this machine ($here): build it with 'cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib' (or run build.ps1 -BuildNative)."
    }
    return $found
}

$version = Get-CrateVersion
$manifestSource = Join-Path $PSScriptRoot "module/$moduleName.psd1"
$manifestVersion = (Import-PowerShellDataFile -LiteralPath $manifestSource).ModuleVersion
if ($manifestVersion -ne $version) {
    throw "ModuleVersion in $manifestSource is $manifestVersion but the crate's version (Cargo.toml) is ${version}: make them equal."
}

if ($BuildNative) {
    Invoke-Native 'cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib' { cargo rustc --release -p vbo_mfa_auth --lib --crate-type cdylib --manifest-path (Join-Path $repo 'Cargo.toml') }
}
$native = Find-NativeLibraries

$project = Join-Path $PSScriptRoot 'src/VboMfaAuth.PowerShell/VboMfaAuth.PowerShell.csproj'
Invoke-Native "dotnet build $Configuration" { dotnet build $project -c $Configuration -nologo -v quiet "-p:Version=$version" }
$built = Join-Path $PSScriptRoot "src/VboMfaAuth.PowerShell/bin/$Configuration/netstandard2.0"

$module = Join-Path $OutputPath $moduleName
if (Test-Path -LiteralPath $module) { Remove-Item -LiteralPath $module -Recurse -Force }
$null = New-Item -ItemType Directory -Path (Join-Path $module 'en-US') -Force

Copy-Item -LiteralPath $manifestSource -Destination $module
Copy-Item -LiteralPath (Join-Path $PSScriptRoot "module/$moduleName.format.ps1xml") -Destination $module
Copy-Item -LiteralPath (Join-Path $PSScriptRoot "module/en-US/about_$moduleName.help.txt") -Destination (Join-Path $module 'en-US')
foreach ($assembly in @('VboMfaAuth.PowerShell.dll', 'VboMfaAuth.dll')) {
    Copy-Item -LiteralPath (Join-Path $built $assembly) -Destination $module
}
foreach ($rid in $native.Keys) {
    $target = Join-Path $module "runtimes/$rid/native"
    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -LiteralPath $native[$rid] -Destination $target
    Write-Host "   native $rid <- $($native[$rid])"
}

# The help is generated in a child process: importing the module here would keep its
# assemblies loaded (and locked on Windows) in the caller's session.
$shell = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$helpFile = Join-Path $module "en-US/VboMfaAuth.PowerShell.dll-Help.xml"
Invoke-Native 'MAML help' {
    & $shell -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'build/New-MamlHelp.ps1') `
        -ModulePath (Join-Path $module "$moduleName.psd1") -HelpSource (Join-Path $PSScriptRoot 'help') -OutFile $helpFile
}

Write-Host "Staged $moduleName $version in $module"
Write-Host "Use it: Import-Module '$module'"
