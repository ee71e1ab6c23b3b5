@{
    Synopsis = 'Gets the organizations VBO shows to a session.'
    Description = @(
        'Get-VboOrganization calls GET /Organization with the session (the default one, or each session from the pipeline) and outputs the organizations as objects.'
    )
    Examples = @(
        @{ Title = 'The default session''s organization'; Code = 'Get-VboOrganization | Select-Object name, type'; Remarks = '' }
        @{ Title = 'Every signed-in customer'; Code = 'Get-VboSession | Get-VboOrganization'; Remarks = 'Asks each session in turn.' }
    )
    Outputs = @{ 'System.Management.Automation.PSObject' = 'One object per organization, as VBO describes it.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'Sessions to ask.' }
    Notes = 'Same as Invoke-VboRestMethod -Path /Organization.'
    Links = @('Invoke-VboRestMethod', 'Get-VboSession')
}
