@{
    Synopsis = 'Reads a session saved by Export-VboSession and makes it the default.'
    Description = @(
        'Import-VboSession decrypts a session file (DPAPI for the current user, or the -Passphrase or -Key used for the export), adds the session to Get-VboSession as the default, and outputs it. The session refreshes its token by itself when it is used.'
        'A wrong passphrase or key, or a changed file, is the error VboMfaAuth.SESSION_FILE_LOCKED; a file that is not a session file is VboMfaAuth.SESSION_FILE_INVALID. On Linux and macOS a warning says when others may read the file.'
    )
    Parameters = @{
        Path = 'The session file. Relative paths are resolved from the current PowerShell location. Also from the pipeline (a path string, or Get-ChildItem output).'
    }
    Examples = @(
        @{ Title = 'In a scheduled script'; Code = @'
Import-VboSession -Path ~/contoso.vbosession -Passphrase (Get-Secret VboSession) | Out-Null
Get-VboOrganization
'@; Remarks = 'The passphrase comes from a vault; the session file from an earlier Export-VboSession.' }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'The imported session.' }
    Inputs = @{ 'System.String' = 'Paths of session files.' }
    Notes = 'A DPAPI file opens only for the Windows user who wrote it, on that machine.'
    Links = @('Export-VboSession', 'Get-VboSession')
}
