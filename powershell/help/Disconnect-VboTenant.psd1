@{
    Synopsis = 'Logs a session out at VBO and forgets it.'
    Description = @(
        'Disconnect-VboTenant calls VBO''s /token/logout (the server revokes the session''s tokens), then removes the session from Get-VboSession. When the logout fails (an older server without logout, the network), the error is written and the session is forgotten anyway; its tokens then stay valid at VBO until they expire.'
    )
    Examples = @(
        @{ Title = 'Log the default session out'; Code = 'Disconnect-VboTenant'; Remarks = '' }
        @{ Title = 'Log every session out'; Code = 'Get-VboSession | Disconnect-VboTenant'; Remarks = '' }
    )
    Outputs = @{ 'None' = 'Nothing.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'Sessions to log out.' }
    Notes = 'A session file written by Export-VboSession is useless after a logout.'
    Links = @('Connect-VboTenant', 'Get-VboSession')
}
