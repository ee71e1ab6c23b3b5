# No token in any stream (output, error, warning, verbose, debug, information, progress), in
# default formatting, or in $Error, across every cmdlet with -Verbose and -Debug.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force
    $sim = Start-TestSimulator @('--approve-after-ms', '800')

    function Get-Secrets {
        <# The session's tokens, read through the library's own export (test-only reflection). #>
        param($Session)
        $inner = $Session.GetType().GetProperty('Session', [System.Reflection.BindingFlags]'NonPublic, Instance').GetValue($Session)
        $exported = $inner.ExportSecretJson() | ConvertFrom-Json
        $found = @()
        foreach ($property in $exported.PSObject.Properties) {
            if ($property.Name -match 'token' -and $property.Value -is [string] -and $property.Value.Length -ge 16) { $found += $property.Value }
        }
        $found += Get-VboAccessToken -Session $Session -AsPlainText
        return @($found | Select-Object -Unique)
    }
}

AfterAll {
    Stop-TestSimulator $sim
}

Describe 'Secrets' {
    BeforeAll {
        $Error.Clear()
        $parameters = $sim.SignIn
        $secrets = @()
        $file = Join-Path $TestDrive 's.vbosession'
        $passphrase = ConvertTo-SecureString 'p' -AsPlainText -Force
        $ErrorActionPreference = 'Continue'
        $transcript = . {
            $session = Connect-VboTenant @parameters -PassThru -Verbose -Debug
            $secrets += Get-Secrets $session
            $session
            $session | Format-List * | Out-String
            $session | Format-Table * | Out-String
            ConvertTo-Json -InputObject $session -Depth 4
            Get-VboSession -Verbose -Debug
            Invoke-VboRestMethod -Path /Organization -Verbose -Debug
            Invoke-VboRestMethod -Path /Nothing -Verbose -Debug
            Get-VboOrganization -Verbose -Debug
            Update-VboToken -Verbose -Debug -PassThru
            $secrets += Get-Secrets $session
            Get-VboAccessToken -Verbose -Debug
            Export-VboSession -Path $file -Passphrase $passphrase -Verbose -Debug
            Import-VboSession -Path $file -Passphrase $passphrase -Verbose -Debug
            Import-VboSession -Path $file -Passphrase (ConvertTo-SecureString 'wrong' -AsPlainText -Force) -Verbose -Debug
            Start-VboDeviceLogin @parameters -Verbose -Debug | Wait-VboDeviceLogin -Verbose -Debug
            # Connect-VboTenant's failures are terminating: catch them into the transcript.
            try { Connect-VboTenant @parameters -CertificateThumbprint '00112233445566778899AABBCCDDEEFF00112233' -Verbose -Debug } catch { $_ }
            try { Connect-VboTenant @parameters -Verbose -Debug -Proxy 'http://user:hunter2secret@127.0.0.1:9' } catch { $_ }
            Get-VboSession | Disconnect-VboTenant -Verbose -Debug
            Invoke-VboRestMethod -Path /Organization -Session $session -Verbose -Debug
        } *>&1 | ForEach-Object { $_ | Format-List * -Force | Out-String; "$_" }
        $text = $transcript -join "`n"
    }

    It 'found tokens to look for (access and refresh, before and after the refresh)' {
        $secrets.Count | Should -BeGreaterOrEqual 4
    }

    It 'the transcript of every stream is long enough to mean something' {
        $text | Should -Match 'VERBOSE|Asking'
        $text | Should -Match 'Sign-in settings'
        $text | Should -Match 'VboMfaAuth.VBOMFA_VBO_REJECTED'
        $text | Should -Match 'enter the code'
    }

    It 'no token appears in any stream or in the default formatting' {
        foreach ($secret in $secrets) {
            $text.Contains($secret) | Should -BeFalse
        }
    }

    It 'no token and no proxy password appears in $Error' {
        $Error.Count | Should -BeGreaterThan 0
        $errorText = ($Error | ForEach-Object {
                $_ | Format-List * -Force | Out-String
                $_.Exception | Format-List * -Force | Out-String
                $_.Exception.ToString()
                if ($_.Exception.PSObject.Properties['ErrorJson']) { $_.Exception.ErrorJson }
                $_.ErrorDetails | Format-List * -Force | Out-String
            }) -join "`n"
        foreach ($secret in $secrets) {
            $errorText.Contains($secret) | Should -BeFalse
        }
        $errorText | Should -Not -Match 'hunter2secret'
        $text | Should -Not -Match 'hunter2secret'
    }
}
