@{
    Synopsis = 'Waits for pending sign-ins, all at once, and outputs each session as it completes.'
    Description = @(
        'Wait-VboDeviceLogin takes any number of pending sign-ins from Start-VboDeviceLogin, writes one table of organization, code and expiry to the host (and the Information stream, tag VboMfaAuth.DeviceCode), counts down with Write-Progress, and waits on all of them at once: no thread is parked per sign-in. Each session is output as soon as its sign-in completes and added to Get-VboSession; the first becomes the default session when there is none.'
        'A sign-in that fails (declined, expired, refused by VBO) is a non-terminating error VboMfaAuth.<STATUS> naming the organization; the others go on. Ctrl+C cancels every sign-in still pending.'
    )
    Parameters = @{
        InputObject = 'The pending sign-ins to wait for, from Start-VboDeviceLogin; usually from the pipeline.'
    }
    Examples = @(
        @{
            Title   = 'An MSP signs many customers in'
            Code    = @'
$sessions = Import-Csv tenants.csv | Start-VboDeviceLogin -Server $vbo | Wait-VboDeviceLogin
$sessions | Get-VboOrganization
'@
            Remarks = 'One table of codes; the admins of each customer sign in in any order; every session is kept.'
        }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'One session per completed sign-in, in the order they complete.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboPendingSignIn' = 'Pending sign-ins from Start-VboDeviceLogin.' }
    Notes = 'Each pending sign-in is waited for once; piping it again gives the same outcome.'
    Links = @('Start-VboDeviceLogin', 'Connect-VboTenant', 'Get-VboSession')
}
