# Shared by the Pester tests of the module: starting and stopping `vbomfa sim` (the simulator of
# Microsoft's device-code sign-in and of VBO's REST API, over TLS on 127.0.0.1), its control
# API, and running PowerShell in a second runspace or process. Windows PowerShell 5.1 syntax.
Set-StrictMode -Version 3.0

$script:Repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

function Get-VbomfaExe {
    if ($env:VBOMFA_EXE) { return $env:VBOMFA_EXE }
    # Windows PowerShell 5.1 has no $IsWindows and runs on Windows only.
    $onWindows = -not (Test-Path variable:IsWindows) -or $IsWindows
    $name = if ($onWindows) { 'vbomfa.exe' } else { 'vbomfa' }
    return Join-Path $script:Repo "target/debug/$name"
}

function Start-TestSimulator {
    <# Starts `vbomfa sim --port 0 --interval 1` plus $Arguments; returns its printed settings. #>
    param([string[]] $Arguments = @())
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = Get-VbomfaExe
    foreach ($argument in (@('sim', '--port', '0', '--interval', '1') + $Arguments)) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $settings = @{}
    while ($true) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait(60000) -or $null -eq $read.Result) {
            $errorText = $process.StandardError.ReadToEnd()
            throw "vbomfa sim did not start: $errorText"
        }
        $line = $read.Result
        if ($line.StartsWith('The CA file')) { break }
        $match = [regex]::Match($line, '^(\w+):\s+(.*)$')
        if ($match.Success) { $settings[$match.Groups[1].Value] = $match.Groups[2].Value.Trim() }
    }
    $organizations = if ($settings.ContainsKey('organizations')) { @($settings.organizations -split ',') } else { @($settings.organization) }
    return [pscustomobject]@{
        Process       = $process
        VboUrl        = $settings.vbo_url
        AuthorityHost = $settings.authority_host
        Organization  = $settings.organization
        Organizations = $organizations
        CaFile        = $settings.ca_file
        Sha256        = $settings.sha256
        Thumbprint    = $settings.thumbprint
        Control       = $settings['control']
        # Splat into Connect-VboTenant / Start-VboDeviceLogin:
        SignIn        = @{
            Server        = $settings.vbo_url
            Organization  = $settings.organization
            AuthorityHost = $settings.authority_host
            CaFile        = $settings.ca_file
        }
    }
}

function Stop-TestSimulator {
    <# SIGTERM (the simulator then deletes its CA file), SIGKILL if it does not stop. #>
    param($Simulator)
    if ($null -eq $Simulator -or $Simulator.Process.HasExited) { return }
    $kill = Get-Command -Name kill -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($kill) { & $kill.Source -TERM $Simulator.Process.Id }
    if (-not $Simulator.Process.WaitForExit(10000)) { $Simulator.Process.Kill() }
}

Add-Type -TypeDefinition @'
using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

/// <summary>Calls of the simulator's control API over TLS, trusting exactly its leaf certificate (SHA-256 pin).</summary>
public static class VboMfaSimControl
{
    public static string Send(string method, string url, string sha256, string json)
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
        {
            var hash = Convert.ToHexString(SHA256.HashData(certificate.RawData));
            return string.Equals(hash, sha256.Replace(":", ""), StringComparison.OrdinalIgnoreCase);
        };
        using (var client = new HttpClient(handler))
        using (var request = new HttpRequestMessage(new HttpMethod(method), url))
        {
            if (json != null) { request.Content = new StringContent(json, Encoding.UTF8, "application/json"); }
            using (var response = client.Send(request))
            {
                var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode) { throw new InvalidOperationException(method + " " + url + ": " + (int)response.StatusCode + " " + body); }
                return body;
            }
        }
    }
}
'@

function Invoke-SimControl {
    <# One control request (GET /_sim/requests, POST /_sim/faults, ...); the JSON answer as objects. #>
    param($Simulator, [string] $Method, [string] $Resource, $Body)
    if (-not $Simulator.Control) { throw 'This simulator has no control API (vbomfa sim printed no control: line).' }
    $json = if ($null -ne $Body) { ConvertTo-Json -InputObject $Body -Depth 10 -Compress } else { $null }
    $text = [VboMfaSimControl]::Send($Method, $Simulator.Control.TrimEnd('/') + '/' + $Resource, $Simulator.Sha256, $json)
    if ($text) { return ConvertFrom-Json -InputObject $text }
}

function Get-SimTokenPolls {
    <# The identity platform's token requests the simulator has seen (device-code polls). #>
    param($Simulator)
    return @(Invoke-SimControl $Simulator GET 'requests' | ForEach-Object { $_ } | Where-Object { $_.endpoint -eq 'ms_token' })
}

function Get-StagedModulePath {
    if ($env:VBOMFA_PS_MODULE) { return $env:VBOMFA_PS_MODULE }
    return Join-Path $script:Repo 'powershell/out/VboMfaAuth/VboMfaAuth.psd1'
}

function New-ModuleRunspacePowerShell {
    <# A PowerShell instance in a new runspace with the module imported (for Stop() and stream tests). #>
    $ps = [System.Management.Automation.PowerShell]::Create()
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-StagedModulePath)).Invoke()
    $ps.Commands.Clear()
    return $ps
}

function Invoke-HostProcess {
    <# Runs a command in a new PowerShell process (this very host) with the module; returns exit code and output. #>
    param([string] $Command)
    $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = $exe
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$(Get-StagedModulePath)'; $Command")) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    return [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout; Error = $stderr.Result }
}

function Find-PowerShell7Syntax {
    <# The nodes of $Ast that Windows PowerShell 5.1 cannot parse or run: ternary, ?? and ??=,
       && and ||, ?. and ?[], a trailing & (background job), clean blocks, ForEach-Object -Parallel. #>
    param([System.Management.Automation.Language.Ast] $Ast)
    $language = 'System.Management.Automation.Language'
    $Ast.FindAll({
            param($node)
            $type = $node.GetType().Name
            ($type -eq 'TernaryExpressionAst') -or
            ($type -eq 'PipelineChainAst') -or
            ($type -eq 'BinaryExpressionAst' -and [string]$node.Operator -eq 'QuestionQuestion') -or
            ($type -eq 'AssignmentStatementAst' -and [string]$node.Operator -eq 'QuestionQuestionEquals') -or
            ($type -in @('MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst') -and $node.NullConditional) -or
            ($type -eq 'PipelineAst' -and $node.Background) -or
            ($type -eq 'ScriptBlockAst' -and $null -ne $node.CleanBlock) -or
            ($type -eq 'CommandAst' -and $node.GetCommandName() -in @('ForEach-Object', '%', 'foreach') -and
                @($node.CommandElements | Where-Object {
                        $_.GetType().FullName -eq "$language.CommandParameterAst" -and
                        $_.ParameterName.Length -ge 2 -and 'Parallel'.StartsWith($_.ParameterName, [StringComparison]::OrdinalIgnoreCase)
                    }).Count -gt 0)
        }, $true)
}

Export-ModuleMember -Function Find-PowerShell7Syntax, Start-TestSimulator, Stop-TestSimulator, Invoke-SimControl, Get-SimTokenPolls, Get-StagedModulePath, New-ModuleRunspacePowerShell, Invoke-HostProcess
