# Export-VboSession / Import-VboSession: a session kept across runs, never in plain text, in a
# file only its owner can read.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force
    $sim = Start-TestSimulator @('--approve-after-ms', '800')
    $parameters = $sim.SignIn
    $session = Connect-VboTenant @parameters -PassThru 6>$null
    $passphrase = ConvertTo-SecureString 'correct horse battery staple' -AsPlainText -Force
    $key = [byte[]]::new(32)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($key)

    function Get-Mode { param([string] $Path) (& stat -c '%a' $Path).Trim() }

    function Invoke-InNewRunspace {
        <# Runs $Script in a fresh runspace with the module (a later run of a scheduled script). #>
        param([string] $Script, [hashtable] $Arguments = @{})
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddScript($Script)
            foreach ($name in $Arguments.Keys) { $null = $ps.AddParameter($name, $Arguments[$name]) }
            $output = $ps.Invoke()
            return [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    # Imported copies share $session's sign-in at VBO: one logout at the end revokes them all.
    Disconnect-VboTenant -Session $session -ErrorAction SilentlyContinue
    Stop-TestSimulator $sim
}

Describe 'With a passphrase' {
    BeforeAll {
        $file = Join-Path $TestDrive 'contoso.vbosession'
        Export-VboSession -Session $session -Path $file -Passphrase $passphrase
    }

    It 'writes a file only its owner can read' {
        Get-Mode $file | Should -Be '600'
    }

    It 'keeps no token in plain text' {
        $text = Get-Content -LiteralPath $file -Raw
        $text | Should -Not -Match ([regex]::Escape((Get-VboAccessToken -Session $session -AsPlainText)))
        $text | Should -Not -Match 'refresh_token|access_token'
        $document = $text | ConvertFrom-Json
        $document.format | Should -Be 'VboMfaAuth.SessionFile'
        $document.protection | Should -Be 'passphrase'
        $document.organization | Should -Be $sim.Organization
    }

    It 'round-trips into a new runspace, where the session works and is the default' {
        $run = Invoke-InNewRunspace 'param($Path, $Passphrase) $null = Import-VboSession -Path $Path -Passphrase $Passphrase; (Get-VboSession -Default).Organization; (Get-VboOrganization).name' @{ Path = $file; Passphrase = $passphrase }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @($sim.Organization, $sim.Organization)
    }

    It 'takes the path from the pipeline, relative to the current location' {
        Push-Location $TestDrive
        try {
            $imported = Get-Item 'contoso.vbosession' | Import-VboSession -Passphrase $passphrase
            $imported.Organization | Should -Be $sim.Organization
            $imported.IsDefault | Should -BeTrue
        }
        finally { Pop-Location }
    }

    It 'refuses a wrong passphrase' {
        $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
        $result = Import-VboSession -Path $file -Passphrase $wrong -ErrorVariable failure -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.SESSION_FILE_LOCKED,*'
        [string]$failure[0].CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'refuses a changed file' {
        $changed = Join-Path $TestDrive 'changed.vbosession'
        $document = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
        $bytes = [Convert]::FromBase64String($document.data)
        $bytes[0] = $bytes[0] -bxor 1
        $document.data = [Convert]::ToBase64String($bytes)
        $document | ConvertTo-Json | Set-Content -LiteralPath $changed
        & chmod 600 $changed
        $null = Import-VboSession -Path $changed -Passphrase $passphrase -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.SESSION_FILE_LOCKED,*'
    }

    It 'warns when others may read the file' {
        $open = Join-Path $TestDrive 'open.vbosession'
        Copy-Item -LiteralPath $file -Destination $open
        & chmod 644 $open
        $imported = Import-VboSession -Path $open -Passphrase $passphrase -WarningVariable warnings 3>$null
        $warnings[0] | Should -Match 'can be read by other users \(mode 0644\)'
        $imported.Organization | Should -Be $sim.Organization
    }

    It 'replaces an existing file and keeps it owner-only' {
        Export-VboSession -Session $session -Path $file -Passphrase $passphrase
        Get-Mode $file | Should -Be '600'
        @(Get-ChildItem -LiteralPath $TestDrive -Force -Filter '*.tmp').Count | Should -Be 0
    }
}

Describe 'With a key' {
    It 'round-trips with a 32-byte key' {
        $file = Join-Path $TestDrive 'key.vbosession'
        Export-VboSession -Session $session -Path $file -Key $key
        Get-Mode $file | Should -Be '600'
        (Get-Content -LiteralPath $file -Raw | ConvertFrom-Json).protection | Should -Be 'key'
        $run = Invoke-InNewRunspace 'param($Path, $Key) (Import-VboSession -Path $Path -Key $Key | Get-VboOrganization).name' @{ Path = $file; Key = $key }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @($sim.Organization)
    }

    It 'refuses a key of the wrong length' {
        Export-VboSession -Session $session -Path (Join-Path $TestDrive 'short.vbosession') -Key ([byte[]]::new(16)) -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_INVALID_ARGUMENT,*'
        $failure[0].Exception.Message | Should -Match '32 bytes'
        Test-Path (Join-Path $TestDrive 'short.vbosession') | Should -BeFalse
    }
}

Describe 'Without a key or passphrase' {
    It 'refuses to write plain text where there is no DPAPI' -Skip:$IsWindows {
        $file = Join-Path $TestDrive 'plain.vbosession'
        Export-VboSession -Session $session -Path $file -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_INVALID_ARGUMENT,*'
        $failure[0].Exception.Message | Should -Match 'DPAPI'
        Test-Path $file | Should -BeFalse
    }

    It 'says a file that is not a session file is invalid' {
        $file = Join-Path $TestDrive 'other.json'
        '{"hello": 1}' | Set-Content -LiteralPath $file
        & chmod 600 $file
        $null = Import-VboSession -Path $file -Passphrase $passphrase -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.SESSION_FILE_INVALID,*'
    }
}
