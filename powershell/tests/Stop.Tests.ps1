# Stopping the pipeline (what Ctrl+C does) while a sign-in waits: the cmdlet returns promptly
# and the native flow is cancelled, so the simulator sees no further token poll.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force

    function Wait-ForPolls {
        param($Simulator, [int] $Count)
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-SimTokenPolls $Simulator).Count -lt $Count) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "fewer than $Count token polls after 60 s" }
            Start-Sleep -Milliseconds 100
        }
    }

    function Stop-AndCount {
        <# Stops $ps while it waits; returns how long Stop() took and the polls seen after it. #>
        param($Simulator, [System.Management.Automation.PowerShell] $ps, [int] $PollsFirst)
        $async = $ps.BeginInvoke()
        Wait-ForPolls $Simulator $PollsFirst
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $async.IsCompleted | Should -BeTrue
        $atStop = @(Get-SimTokenPolls $Simulator).Count
        Start-Sleep -Seconds 3   # three polling intervals
        return [pscustomobject]@{
            StopSeconds = $watch.Elapsed.TotalSeconds
            PollsAfter  = @(Get-SimTokenPolls $Simulator).Count - $atStop
        }
    }

    $sim = Start-TestSimulator @('--manual')
}

AfterAll {
    Stop-TestSimulator $sim
}

Describe 'Stopping the pipeline' {
    It 'Connect-VboTenant returns promptly and the native flow is cancelled' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $parameters = $sim.SignIn
            $null = $ps.AddCommand('Connect-VboTenant').AddParameters($parameters)
            $before = @(Get-SimTokenPolls $sim).Count
            $outcome = Stop-AndCount $sim $ps ($before + 2)
            # "Promptly": the requirement is a time, so a generous bound for a loaded machine.
            $outcome.StopSeconds | Should -BeLessThan 5
            $outcome.PollsAfter | Should -Be 0
        }
        finally { $ps.Dispose() }
    }

    It 'Wait-VboDeviceLogin cancels every sign-in still pending' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $start = "Start-VboDeviceLogin -Server '$($sim.VboUrl)' -Organization '$($sim.Organization)' -AuthorityHost '$($sim.AuthorityHost)' -CaFile '$($sim.CaFile)'"
            $null = $ps.AddScript("1..3 | ForEach-Object { $start } | Wait-VboDeviceLogin")
            $before = @(Get-SimTokenPolls $sim).Count
            $outcome = Stop-AndCount $sim $ps ($before + 6)
            $outcome.StopSeconds | Should -BeLessThan 5
            $outcome.PollsAfter | Should -Be 0
        }
        finally { $ps.Dispose() }
    }
}
