@{
    Synopsis = 'Refreshes a session''s VBO token pair now.'
    Description = @(
        'Update-VboToken asks VBO for a new access and refresh token with the session''s refresh token (the refresh token rotates). Sessions already refresh by themselves shortly before expiry and once on a 401; use this before a long job, or before Export-VboSession so that the file holds the newest refresh token.'
        'A refusal is a non-terminating error VboMfaAuth.VBOMFA_VBO_REJECTED with the server''s message.'
    )
    Examples = @(
        @{ Title = 'Refresh the default session'; Code = 'Update-VboToken -Verbose'; Remarks = '-Verbose tells the new expiry time (never the token).' }
        @{ Title = 'Refresh all sessions'; Code = 'Get-VboSession | Update-VboToken -PassThru'; Remarks = 'Outputs each session after its refresh.' }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'With -PassThru: the session. Otherwise nothing.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'Sessions to refresh.' }
    Notes = 'VBO keeps a refresh token for 14 days by default.'
    Links = @('Get-VboSession', 'Export-VboSession')
}
