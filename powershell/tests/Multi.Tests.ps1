# Many sign-ins at once through the pipeline: Import-Csv | Start-VboDeviceLogin | Wait-VboDeviceLogin.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force
}

Describe 'Twenty organizations through the pipeline' {
    BeforeAll {
        $sim = Start-TestSimulator @('--tenants', '20', '--approve-after-ms', '2000')
        $csv = Join-Path $TestDrive 'tenants.csv'
        $sim.Organizations | ForEach-Object { [pscustomobject]@{ Organization = $_ } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $sessions = @(Import-Csv -LiteralPath $csv |
                Start-VboDeviceLogin -Server $sim.VboUrl -AuthorityHost $sim.AuthorityHost -CaFile $sim.CaFile |
                Wait-VboDeviceLogin -InformationVariable info 6>$null)
    }

    AfterAll {
        $sessions | Disconnect-VboTenant -ErrorAction SilentlyContinue
        Stop-TestSimulator $sim
    }

    It 'has twenty distinct organizations to sign in' {
        @($sim.Organizations | Select-Object -Unique).Count | Should -Be 20
    }

    It 'outputs one session per organization' {
        $sessions.Count | Should -Be 20
        @($sessions.Organization | Sort-Object) | Should -Be @($sim.Organizations | Sort-Object)
        @(Get-VboSession -Server $sim.VboUrl).Count | Should -Be 20
    }

    It 'showed one table of organization, code and expiry on the host' {
        $tables = @($info | Where-Object { $_.Tags -contains 'VboMfaAuth.DeviceCode' })
        $tables.Count | Should -Be 1
        $tables[0].Tags | Should -Contain 'PSHOST'
        $text = "$($tables[0].MessageData)"
        $text | Should -Match 'Organization\s+Code\s+Expires'
        foreach ($organization in $sim.Organizations) {
            $text | Should -Match ([regex]::Escape($organization) + '\s+\S+\s+\d\d:\d\d:\d\d')
        }
    }

    It 'gives sessions that each work for their own organization' {
        foreach ($session in $sessions) {
            (Get-VboOrganization -Session $session).name | Should -Be $session.Organization
        }
    }
}

Describe 'A failed sign-in among others' {
    It 'is a non-terminating error naming its organization; the others complete' {
        $sim = Start-TestSimulator @('--tenants', '3', '--approve-after-ms', '1000')
        try {
            $wrongCase = $sim.Organizations[1].ToUpperInvariant()
            $organizations = @($sim.Organizations[0], $wrongCase, $sim.Organizations[2])
            $pending = @($organizations | ForEach-Object { Start-VboDeviceLogin -Server $sim.VboUrl -Organization $_ -AuthorityHost $sim.AuthorityHost -CaFile $sim.CaFile })
            $pending.Count | Should -Be 3
            $pending[0] | Should -BeOfType VboMfaAuth.PowerShell.VboPendingSignIn
            ($pending | Out-String) | Should -Match ([regex]::Escape($pending[0].UserCode))
            $sessions = @($pending | Wait-VboDeviceLogin -ErrorVariable failures -ErrorAction SilentlyContinue 6>$null)
            @($sessions.Organization | Sort-Object) | Should -Be @($sim.Organizations[0], $sim.Organizations[2] | Sort-Object)
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_VBO_REJECTED,*'
            $failures[0].TargetObject | Should -Be $wrongCase
            @($pending.Status | ForEach-Object { "$_" } | Sort-Object) | Should -Be @('Failed', 'SignedIn', 'SignedIn')
            $sessions | Disconnect-VboTenant
        }
        finally { Stop-TestSimulator $sim }
    }
}
