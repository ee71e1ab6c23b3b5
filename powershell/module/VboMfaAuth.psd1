# Module manifest of VboMfaAuth: device-code (MFA) sign-in of Microsoft 365 organizations to
# the Veeam Backup for Microsoft 365 REST API. Staged with the assemblies, help and native
# library by powershell/build.ps1. ModuleVersion is the crate's version (a test keeps them equal).
@{
    RootModule           = 'VboMfaAuth.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5d0c3a52-8f0e-4a4e-9d43-6f1f3b0a9c71'
    Author               = 'VboMfaAuth contributors'
    CompanyName          = 'VboMfaAuth contributors'
    Copyright            = '(c) VboMfaAuth contributors. MIT OR Apache-2.0.'
    Description          = 'Sign Microsoft 365 organizations that enforce MFA in to the Veeam Backup for Microsoft 365 (VBO) REST API with the device-code flow, from Windows PowerShell 5.1 and PowerShell 7. No dependency beyond PowerShell.'
    PowerShellVersion    = '5.1'
    RequiredAssemblies   = @('VboMfaAuth.dll')
    FormatsToProcess     = @('VboMfaAuth.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-VboTenant'
        'Disconnect-VboTenant'
        'Export-VboSession'
        'Get-VboAccessToken'
        'Get-VboOrganization'
        'Get-VboSession'
        'Import-VboSession'
        'Invoke-VboRestMethod'
        'Start-VboDeviceLogin'
        'Update-VboToken'
        'Wait-VboDeviceLogin'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Veeam', 'VBO', 'VB365', 'MFA', 'DeviceCode', 'OAuth', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: Connect-VboTenant, Start-/Wait-VboDeviceLogin, sessions, REST calls, session files.'
        }
    }
}
