@{
    Synopsis = 'Starts device-code sign-ins and outputs them as pending sign-ins for Wait-VboDeviceLogin.'
    Description = @(
        'Start-VboDeviceLogin is the first half of Connect-VboTenant: for each input it asks Microsoft for a device code and outputs a pending sign-in (organization, code, page, expiry). It waits for nobody: pipe the pending sign-ins to Wait-VboDeviceLogin, which shows one table of codes and completes them all at once.'
        'Input can be the rows of Import-Csv: Organization, Server, Tenant, ClientId and Scope bind from columns of those names. A row that fails is written as a non-terminating error (VboMfaAuth.<STATUS>) and the other rows go on.'
        'A pending sign-in holds no secret: the device code stays inside the native library.'
    )
    Examples = @(
        @{
            Title   = 'Sign twenty customers in at once'
            Code    = @'
Import-Csv tenants.csv | Start-VboDeviceLogin -Server https://vbo.example.com | Wait-VboDeviceLogin
'@
            Remarks = 'tenants.csv has an Organization column. All codes appear in one table; each session is output as its sign-in completes.'
        }
        @{
            Title   = 'Start now, wait later'
            Code    = @'
$pending = 'contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com' | ForEach-Object { Start-VboDeviceLogin -Server vbo.example.com -Organization $_ }
$pending        # organization, code, page, expiry
$sessions = $pending | Wait-VboDeviceLogin
'@
            Remarks = 'The pending sign-ins can be shown, sent by mail or chat, and waited for later (before they expire).'
        }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboPendingSignIn' = 'One pending sign-in per input.' }
    Inputs = @{ 'System.Management.Automation.PSObject' = 'Objects with Organization, Server, Tenant, ClientId or Scope properties (for example rows of Import-Csv).' }
    Notes = 'A pending sign-in expires with its code (15 minutes at Microsoft).'
    Links = @('Wait-VboDeviceLogin', 'Connect-VboTenant', 'about_VboMfaAuth')
}
