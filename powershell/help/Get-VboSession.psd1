@{
    Synopsis = 'Gets the VBO sessions of this PowerShell session.'
    Description = @(
        'Get-VboSession lists the sessions signed in (Connect-VboTenant, Wait-VboDeviceLogin) or imported (Import-VboSession) in this PowerShell session, the default one marked with *. Sessions are per runspace: a background job or another runspace has its own.'
        'The objects show organization, user, server, API version and expiry; they hold no token.'
    )
    Parameters = @{
        Organization = 'Only sessions whose organization matches this pattern (wildcards allowed; letter case ignored).'
        Server = 'Only sessions whose server URL matches this pattern (wildcards allowed).'
        Default = 'Only the default session (nothing when there is none).'
    }
    Examples = @(
        @{ Title = 'All sessions'; Code = 'Get-VboSession'; Remarks = 'Lists every session; * marks the default.' }
        @{ Title = 'Call the API for every customer whose name starts with a'; Code = 'Get-VboSession -Organization a* | Get-VboOrganization'; Remarks = 'Sessions go down the pipeline as -Session.' }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'The sessions.' }
    Inputs = @{ 'None' = 'No pipeline input.' }
    Notes = 'Get-VboAccessToken gives a session''s token, as a SecureString.'
    Links = @('Connect-VboTenant', 'Disconnect-VboTenant', 'Get-VboAccessToken')
}
