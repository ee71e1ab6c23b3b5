@{
    Synopsis = 'Saves a session to an encrypted, owner-only file, so that a scheduled script signs in with MFA once.'
    Description = @(
        'Export-VboSession writes the session (server, organization, tokens and trust settings) to a file that Import-VboSession reads in a later run. The secret part is never plain text: on Windows, without -Passphrase or -Key, it is protected with DPAPI for the current user (only that user on that machine can read it); elsewhere, or when asked, it is encrypted with a passphrase or key that you keep elsewhere (AES-256, HMAC-SHA256). Organization and server stay readable to tell files apart.'
        'The file is readable by its owner only: mode 0600 on Linux and macOS, an ACL with the current user alone on Windows. An existing file is replaced.'
        'The refresh token rotates when the session refreshes: export again at the end of each run so that the file keeps the newest one.'
    )
    Parameters = @{
        Path = 'The file to write. Relative paths are resolved from the current PowerShell location; the folder must exist.'
    }
    Examples = @(
        @{ Title = 'Windows: sign in once, then run unattended'; Code = @'
Connect-VboTenant -Server vbo.example.com -Organization contoso.onmicrosoft.com
Export-VboSession -Path $HOME\contoso.vbosession
# in the scheduled script, as the same Windows user:
Import-VboSession -Path $HOME\contoso.vbosession | Out-Null
Get-VboOrganization
Export-VboSession -Path $HOME\contoso.vbosession
'@; Remarks = 'DPAPI: no key to keep.' }
        @{ Title = 'Linux or macOS, with a key from a vault'; Code = @'
$key = [Convert]::FromBase64String($env:VBO_SESSION_KEY)
Export-VboSession -Path ~/contoso.vbosession -Key $key
'@; Remarks = 'The key is 32 bytes; keep it elsewhere than the file.' }
    )
    Outputs = @{ 'None' = 'Nothing.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'The session to save.' }
    Notes = 'Anyone who has the file and its passphrase or key can act as the signed-in user until the refresh token expires or Disconnect-VboTenant logs the session out.'
    Links = @('Import-VboSession', 'Update-VboToken', 'about_VboMfaAuth')
}
