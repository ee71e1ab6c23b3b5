# Failures as PowerShell error records: ErrorId VboMfaAuth.<STATUS>, a fitting category, the
# library's message, its hint as RecommendedAction, and the library's exception.
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-StagedModulePath) -Force

    function Get-ConnectError {
        param($Simulator, [hashtable] $Extra = @{})
        $parameters = $Simulator.SignIn.Clone()
        foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
        try {
            Connect-VboTenant @parameters 6>$null
        }
        catch {
            return $_
        }
        throw 'Connect-VboTenant did not fail'
    }
}

Describe 'Error record for <Case>' -ForEach @(
    @{ Case = 'declined'; SimArguments = @('--decline'); Status = 'VBOMFA_DECLINED'; Category = 'AuthenticationError'; Extra = @{}; Message = 'declined' }
    @{ Case = 'expired'; SimArguments = @('--manual', '--expires-in', '3'); Status = 'VBOMFA_EXPIRED'; Category = 'OperationTimeout'; Extra = @{}; Message = 'expired' }
    @{ Case = 'invalid client'; SimArguments = @('--approve-after-ms', '500'); Status = 'VBOMFA_IDP_ERROR'; Category = 'AuthenticationError'; Extra = @{ ClientId = '11111111-2222-3333-4444-555555555555' }; Message = 'invalid_client' }
    @{ Case = 'VBO rejected'; SimArguments = @('--approve-after-ms', '500', '--tenant-auth-disabled'); Status = 'VBOMFA_VBO_REJECTED'; Category = 'AuthenticationError'; Extra = @{}; Message = '.' }
    @{ Case = 'pin mismatch'; SimArguments = @('--approve-after-ms', '500'); Status = 'VBOMFA_TLS'; Category = 'SecurityError'; Extra = @{ CertificateThumbprint = '00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 11 22 33' }; Message = '.' }
) {
    BeforeAll {
        $sim = Start-TestSimulator $SimArguments
        $record = Get-ConnectError $sim $Extra
    }

    AfterAll {
        Stop-TestSimulator $sim
    }

    It 'has the ErrorId VboMfaAuth.<Status>' {
        $record.FullyQualifiedErrorId | Should -BeLike "VboMfaAuth.$Status,VboMfaAuth.PowerShell.Cmdlets.ConnectVboTenantCommand"
    }

    It 'has the category <Category>' {
        [string]$record.CategoryInfo.Category | Should -Be $Category
    }

    It 'carries the library''s message, and its hint as RecommendedAction' {
        $record.Exception | Should -BeOfType VboMfaAuth.VboMfaException
        $record.Exception.StatusName | Should -Be $Status
        $record.Exception.Message | Should -Match $Message
        $record.ErrorDetails.Message | Should -Be $record.Exception.Message
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        if ($record.Exception.Hint) { $record.ErrorDetails.RecommendedAction | Should -Be $record.Exception.Hint }
        $record.TargetObject | Should -Be $sim.Organization
    }
}

Describe 'Details of the exception' {
    It 'an invalid client carries the AADSTS error code, trace and correlation ids' {
        $sim = Start-TestSimulator @('--approve-after-ms', '500')
        try {
            $record = Get-ConnectError $sim @{ ClientId = '11111111-2222-3333-4444-555555555555' }
            $record.Exception.ErrorCodes | Should -Contain 7000218
            $record.Exception.Error | Should -Be 'invalid_client'
            $record.Exception.HttpStatus | Should -Be 401
            $record.Exception.TraceId | Should -Not -BeNullOrEmpty
            $record.Exception.CorrelationId | Should -Not -BeNullOrEmpty
            $record.ErrorDetails.RecommendedAction | Should -Match 'public client'
        }
        finally { Stop-TestSimulator $sim }
    }

    It 'a pin mismatch names the server''s real thumbprint' {
        $sim = Start-TestSimulator @('--approve-after-ms', '500')
        try {
            $record = Get-ConnectError $sim @{ CertificateThumbprint = '00112233445566778899AABBCCDDEEFF00112233' }
            $record.Exception.ErrorJson | Should -Match ($sim.Thumbprint -replace '[^0-9A-Fa-f]', '').Substring(0, 8)
        }
        finally { Stop-TestSimulator $sim }
    }

    It 'the right thumbprint connects' {
        $sim = Start-TestSimulator @('--approve-after-ms', '500')
        try {
            $parameters = $sim.SignIn
            $session = Connect-VboTenant @parameters -CertificateThumbprint $sim.Thumbprint -PassThru 6>$null
            $session.Organization | Should -Be $sim.Organization
            Disconnect-VboTenant -Session $session
        }
        finally { Stop-TestSimulator $sim }
    }

    It 'a bad parameter is VBOMFA_INVALID_ARGUMENT with nothing sent' {
        $sim = Start-TestSimulator @('--approve-after-ms', '500')
        try {
            $record = Get-ConnectError $sim @{ Tenant = 'bad/tenant' }
            $record.FullyQualifiedErrorId | Should -BeLike 'VboMfaAuth.VBOMFA_INVALID_ARGUMENT,*'
            [string]$record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        finally { Stop-TestSimulator $sim }
    }
}
