<#
.SYNOPSIS
    Runs the module's Pester suite (powershell/tests/*.Tests.ps1) with Pester 5.7.1 and exits
    with Pester's verdict: 0 when every test passed, otherwise the number of failures (at least 1).
    powershell/test.sh calls it with the PowerShell 7.6 test host (or a system pwsh).
#>
param(
    [Parameter(Mandatory = $true)] [string] $PesterManifest,
    [string] $ResultFile = (Join-Path $PSScriptRoot '../out/pester-results.xml'),
    [string[]] $Path = @($PSScriptRoot)
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterManifest -RequiredVersion 5.7.1

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $configuration

$failures = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host ''
Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0) {
    if ($failures -lt 1) { $failures = 1 }
}
exit [Math]::Min(255, $failures)
