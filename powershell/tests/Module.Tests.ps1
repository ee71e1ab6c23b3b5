# The module as a package: manifest, exports, verbs, help, formatting, and that every script
# file stays Windows PowerShell 5.1 syntax.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifestPath = Get-StagedModulePath
    $script:commands = @((Import-PowerShellDataFile -LiteralPath $script:manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    $powershellRoot = Split-Path -Parent $PSScriptRoot
    $script:scripts = @(Get-ChildItem -LiteralPath $powershellRoot -Recurse -File -Include *.ps1, *.psm1, *.psd1 |
        Where-Object { $_.FullName -notmatch '[\\/](out|bin|obj)[\\/]' } |
        ForEach-Object { @{ Path = $_.FullName; Name = $_.FullName.Substring($powershellRoot.Length + 1) } })
}

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-StagedModulePath
    $module = Import-Module $manifestPath -Force -PassThru
    $repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'VboMfaAuth'
    }

    It 'has the crate''s version' {
        $cargo = Get-Content (Join-Path $repo 'Cargo.toml') -Raw
        $crateVersion = [regex]::Match($cargo, '(?ms)^\[package\].*?^version\s*=\s*"([^"]+)"').Groups[1].Value
        $crateVersion | Should -Not -BeNullOrEmpty
        $module.Version | Should -Be ([version]$crateVersion)
    }

    It 'is for Desktop and Core, PowerShell 5.1 and later' {
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath
        $data.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $data.PowerShellVersion | Should -Be '5.1'
    }

    It 'lists its exports explicitly, without wildcards' {
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            $data.ContainsKey($key) | Should -BeTrue -Because "$key must be listed"
            @($data[$key]) -join ',' | Should -Not -Match '\*'
        }
        @($data.CmdletsToExport).Count | Should -BeGreaterThan 0
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $manifestPath) 'VboMfaAuth.PowerShell.dll'))
        $defined = @($assembly.GetTypes() | ForEach-Object {
                $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                if ($attribute -and -not $_.IsAbstract) { "$($attribute.VerbName)-$($attribute.NounName)" }
            } | Sort-Object)
        $defined.Count | Should -BeGreaterThan 0
        @((Import-PowerShellDataFile -LiteralPath $manifestPath).CmdletsToExport | Sort-Object) | Should -Be $defined
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $defined
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'ships the native library for this machine' {
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $native = @(Get-ChildItem -LiteralPath (Join-Path (Split-Path $manifestPath) "runtimes/$os-$rid/native") -File)
        $native.Count | Should -Be 1
        $native[0].Name | Should -Match 'vbo_mfa_auth'
    }
}

Describe 'Cmdlet <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name -Module VboMfaAuth
        $help = Get-Help -Name $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'has a synopsis and a description from its MAML help' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + ' \[')   # not the generated syntax line
        ($help.description | Out-String).Trim().Length | Should -BeGreaterThan 40
    }

    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        @($help.examples.example)[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in ($command.Parameters.Keys | Where-Object { $common -notcontains $_ })) {
            $entry = @($help.parameters.parameter | Where-Object { $_.name -eq $parameter })
            $entry.Count | Should -Be 1 -Because "-$parameter must be in the help"
            ($entry[0].description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}

Describe 'Help' {
    It 'Get-Help Connect-VboTenant -Full works offline and shows examples' {
        $text = Get-Help Connect-VboTenant -Full | Out-String -Width 200
        $text | Should -Match 'SYNOPSIS'
        $text | Should -Match 'device-code'
        $text | Should -Match 'Example 1'
        $text | Should -Match '-CertificateThumbprint <String\[\]>'
    }

    It 'has the about_VboMfaAuth topic' {
        $about = Get-Help about_VboMfaAuth | Out-String
        $about | Should -Match 'Start-VboDeviceLogin'
        $about | Should -Match 'VboMfaAuth.VBOMFA_DECLINED'
    }
}

Describe 'Formatting' {
    It 'has default views for sessions and pending sign-ins' {
        (Get-FormatData -TypeName VboMfaAuth.PowerShell.VboTenantSession) | Should -Not -BeNullOrEmpty
        (Get-FormatData -TypeName VboMfaAuth.PowerShell.VboPendingSignIn) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Script file <Name>' -ForEach $scripts {
    It 'parses, with Windows PowerShell 5.1 syntax only' {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $newer = @(Find-PowerShell7Syntax $ast)
        $newer | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Extent.Text)" } | Should -BeNullOrEmpty
    }

    It 'has a byte-order mark if it holds anything but ASCII (Windows PowerShell 5.1 reads it as ANSI otherwise)' {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
        $nonAscii = @($bytes | Where-Object { $_ -gt 0x7F }).Count
        ($hasBom -or $nonAscii -eq 0) | Should -BeTrue
    }
}

Describe 'The AST check itself' {
    It 'finds the PowerShell 7 syntax in <Code>' -ForEach @(
        @{ Code = '$a = $b ? 1 : 2' }
        @{ Code = '$c ?? 3' }
        @{ Code = '$c ??= 3' }
        @{ Code = 'Get-Item x && Get-Item y' }
        @{ Code = '${d}?.e' }
        @{ Code = '${d}?[0]' }
        @{ Code = 'Get-Item x &' }
        @{ Code = '1..3 | ForEach-Object -Parallel { $_ }' }
        @{ Code = 'function f { clean { } }' }
    ) {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$null)
        @(Find-PowerShell7Syntax $ast).Count | Should -Be 1
    }

    It 'finds nothing in Windows PowerShell 5.1 syntax' {
        $code = 'if ($a) { 1 } else { 2 }; $b = @{ x = 1 }; 1..3 | ForEach-Object -Process { $_ }; class C { [int] $N }'
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$null)
        @(Find-PowerShell7Syntax $ast).Count | Should -Be 0
    }
}
