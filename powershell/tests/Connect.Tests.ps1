# Connect-VboTenant end to end against the simulator over TLS, and every session cmdlet.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force
    $sim = Start-TestSimulator @('--approve-after-ms', '1200')
    $signIn = $sim.SignIn
}

AfterAll {
    Get-VboSession | ForEach-Object { Disconnect-VboTenant -Session $_ -ErrorAction SilentlyContinue }
    Stop-TestSimulator $sim
}

Describe 'Connect-VboTenant' {
    It 'signs in, shows the instruction on the host only, and makes the session the default' {
        $output = Connect-VboTenant @signIn -InformationVariable info 6>$null
        $output | Should -BeNullOrEmpty
        $notice = @($info | Where-Object { $_.Tags -contains 'VboMfaAuth.DeviceCode' })
        $notice.Count | Should -Be 1
        $notice[0].Tags | Should -Contain 'PSHOST'
        "$($notice[0].MessageData)" | Should -Match ([regex]::Escape($sim.Organization) + ': To sign in, use a web browser to open the page \S+ and enter the code \S+')
        $default = Get-VboSession -Default
        $default.Organization | Should -Be $sim.Organization
        $default.Server | Should -Be $sim.VboUrl
        $default.UserName | Should -Not -BeNullOrEmpty
        $default.ApiVersion | Should -Be 'v8'
        $default.ExpiresOn | Should -BeGreaterThan (Get-Date)
    }

    It 'outputs the session with -PassThru, and the newest connection becomes the default' {
        $first = Get-VboSession -Default
        $s = Connect-VboTenant @signIn -PassThru 6>$null
        $s | Should -BeOfType VboMfaAuth.PowerShell.VboTenantSession
        $s.IsDefault | Should -BeTrue
        $first.IsDefault | Should -BeFalse
        @(Get-VboSession).Count | Should -BeGreaterOrEqual 2
    }

    It '$s = Connect-VboTenant ... yields a session while the instruction still reaches the host' {
        $command = "`$s = Connect-VboTenant -Server '$($sim.VboUrl)' -Organization '$($sim.Organization)' -AuthorityHost '$($sim.AuthorityHost)' -CaFile '$($sim.CaFile)' -PassThru; 'RESULT ' + `$s.GetType().FullName + ' ' + `$s.Organization"
        $run = Invoke-HostProcess $command
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $lines = @($run.Output -split "`r?`n")
        $instruction = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match 'enter the code \S+' })
        $result = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -like 'RESULT *' })
        $instruction | Should -BeGreaterOrEqual 0 -Because "the host shows the code:`n$($run.Output)"
        $result | Should -BeGreaterThan $instruction
        $lines[$result] | Should -Be "RESULT VboMfaAuth.PowerShell.VboTenantSession $($sim.Organization)"
    }

    It 'counts down to the code''s expiry with Write-Progress' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddCommand('Connect-VboTenant').AddParameters($signIn).AddParameter('PassThru').Invoke()
            $ps.HadErrors | Should -BeFalse
            $records = @($ps.Streams.Progress)
            $running = @($records | Where-Object { $_.RecordType -eq 'Processing' })
            $running.Count | Should -BeGreaterThan 0
            $running[0].Activity | Should -Be "Signing in $($sim.Organization)"
            $running[0].StatusDescription | Should -Match 'Enter the code \S+ at \S+; it expires in \d\d:\d\d'
            $running[0].SecondsRemaining | Should -BeGreaterThan 800
            $running[0].SecondsRemaining | Should -BeLessOrEqual 900
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'says what happens with -Verbose' {
        $verbose = Connect-VboTenant @signIn -Verbose 4>&1 6>$null
        $text = ($verbose | ForEach-Object { $_.Message }) -join "`n"
        $text | Should -Match 'Asking .+ for a device code'
        $text | Should -Match 'signed in to .+ as .+ \(REST API v8\)'
    }
}

Describe 'A session at work' {
    BeforeAll {
        $session = Connect-VboTenant @signIn -PassThru 6>$null
    }

    It 'Invoke-VboRestMethod returns objects like Invoke-RestMethod' {
        $organization = Invoke-VboRestMethod -Path /Organization
        $organization.name | Should -Be $sim.Organization
        $organization.type | Should -Be 'Office365'
        $organization._actions | Should -BeOfType System.Management.Automation.PSCustomObject
    }

    It 'Invoke-VboRestMethod uses a path with a version as given, and -Session' {
        (Invoke-VboRestMethod -Path /v7/Organization -Session $session).description | Should -Match 'Microsoft 365 organization'
        (Invoke-VboRestMethod -Path /v6/Organization -Session $session).PSObject.Properties.Name | Should -Not -Contain 'description'
    }

    It 'Invoke-VboRestMethod refreshes the token once when VBO answers 401, and retries' {
        $null = Invoke-SimControl $sim POST 'reset-requests'
        $null = Invoke-SimControl $sim POST 'faults' @{ endpoint = 'vbo_api'; fault = @{ kind = 'status'; status = 401 }; times = 1 }
        $before = Get-VboAccessToken -AsPlainText
        (Invoke-VboRestMethod -Path /Organization).name | Should -Be $sim.Organization
        $seen = @(Invoke-SimControl $sim GET 'requests' | ForEach-Object { $_ } | ForEach-Object { "$($_.endpoint) $($_.status)" })
        $seen | Should -Be @('vbo_api 401', 'vbo_token 200', 'vbo_api 200')
        Get-VboAccessToken -AsPlainText | Should -Not -Be $before
    }

    It 'Invoke-VboRestMethod writes a VBO refusal as an error record' {
        $result = Invoke-VboRestMethod -Path /Nothing/Here -ErrorVariable failure -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_VBO_REJECTED,*'
        $failure[0].Exception.HttpStatus | Should -Be 404
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'Get-VboOrganization lists the organization, also for sessions from the pipeline' {
        (Get-VboOrganization).name | Should -Be $sim.Organization
        @(Get-VboSession | Get-VboOrganization).Count | Should -Be @(Get-VboSession).Count
    }

    It 'Update-VboToken refreshes the token' {
        $before = Get-VboAccessToken -Session $session -AsPlainText
        $updated = Update-VboToken -Session $session -PassThru
        $updated | Should -Be $session
        Get-VboAccessToken -Session $session -AsPlainText | Should -Not -Be $before
        (Invoke-VboRestMethod -Path /Organization -Session $session).name | Should -Be $sim.Organization
    }

    It 'Get-VboAccessToken returns a SecureString unless -AsPlainText' {
        $secure = Get-VboAccessToken -Session $session
        $secure | Should -BeOfType System.Security.SecureString
        $plain = Get-VboAccessToken -Session $session -AsPlainText
        $plain | Should -BeOfType System.String
        [System.Net.NetworkCredential]::new('', $secure).Password | Should -Be $plain
    }

    It 'Get-VboSession filters by organization and server' {
        @(Get-VboSession -Organization ($sim.Organization.Substring(0, 3) + '*')).Count | Should -Be @(Get-VboSession).Count
        @(Get-VboSession -Organization 'nobody*').Count | Should -Be 0
        @(Get-VboSession -Server 'https://elsewhere*').Count | Should -Be 0
    }

    It 'Disconnect-VboTenant logs out at VBO and forgets the session' {
        # A copy of the session from before the logout shows whether VBO revoked its tokens.
        $copy = Join-Path $TestDrive 'before-logout.vbosession'
        $key = [byte[]]::new(32)
        Export-VboSession -Session $session -Path $copy -Key $key
        Disconnect-VboTenant -Session $session
        Get-VboSession | Should -Not -Contain $session
        $null = Invoke-VboRestMethod -Path /Organization -Session $session -ErrorVariable closed -ErrorAction SilentlyContinue
        $closed[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.SESSION_CLOSED,*'
        $closed[0].ErrorDetails.RecommendedAction | Should -Match 'sign in again'
        $revoked = Import-VboSession -Path $copy -Key $key
        $null = Invoke-VboRestMethod -Path /Organization -Session $revoked -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_VBO_REJECTED,*'
        $refused[0].Exception.HttpStatus | Should -BeIn @(400, 401)
        Disconnect-VboTenant -Session $revoked -ErrorAction SilentlyContinue
    }

    It 'says NO_SESSION when there is no default session' {
        Get-VboSession | Disconnect-VboTenant
        { Invoke-VboRestMethod -Path /Organization -ErrorAction Stop } | Should -Throw -ErrorId 'VboMfaAuth.NO_SESSION,*'
    }
}
