@{
    Synopsis = 'Signs a Microsoft 365 organization in to the VBO REST API with the device-code (MFA) flow.'
    Description = @(
        'Connect-VboTenant does the whole sign-in of one organization: it asks Microsoft for a device code, writes the instruction ("open https://microsoft.com/devicelogin and enter the code ...") to the host, counts down to the code''s expiry with Write-Progress, waits while a person signs in and completes MFA in a browser, then hands the whole Microsoft token response (refresh token included, which VBO requires) to VBO''s /token endpoint.'
        'The instruction goes to the host and to the Information stream (tags PSHOST, VboMfaAuth, VboMfaAuth.DeviceCode), never to the output stream, so it shows even when the result is assigned: $s = Connect-VboTenant ... -PassThru.'
        'The wait lasts as long as the code lives (15 minutes at Microsoft), not a fixed two minutes. Ctrl+C cancels it at once, and no further request is sent to Microsoft.'
        'The session becomes the default for Invoke-VboRestMethod, Get-VboOrganization, Update-VboToken, Export-VboSession and Disconnect-VboTenant. It refreshes its token by itself shortly before expiry and once on a 401.'
        'Failures are error records with the ErrorId VboMfaAuth.<STATUS> (for example VboMfaAuth.VBOMFA_DECLINED), the library''s message, and its hint as RecommendedAction ($Error[0].ErrorDetails.RecommendedAction). The exception ($Error[0].Exception) carries Status, HttpStatus, ErrorCodes (AADSTS numbers), TraceId and CorrelationId.'
    )
    Examples = @(
        @{
            Title   = 'Sign in and call the API'
            Code    = @'
Connect-VboTenant -Server vbo.example.com -Organization contoso.onmicrosoft.com -CertificateThumbprint '9D DD 87 3B 6A 2C 48 50 61 AF 35 3E 52 8F 4B 81 4A 24 09 2E'
Get-VboOrganization
'@
            Remarks = 'Signs in (the code to enter appears on the screen), trusting the VBO server''s self-signed certificate by its thumbprint, then lists the organizations VBO shows.'
        }
        @{
            Title   = 'Keep the session in a variable'
            Code    = @'
$s = Connect-VboTenant -Server https://vbo.example.com:4443 -Organization contoso.onmicrosoft.com -PassThru
Invoke-VboRestMethod -Session $s -Path /Jobs
'@
            Remarks = 'The instruction still shows on the screen although the output is assigned.'
        }
        @{
            Title   = 'Practise against the simulator'
            Code    = @'
# in another terminal: vbomfa sim --interval 1   (prints vbo_url, authority_host, ca_file)
Connect-VboTenant -Server https://127.0.0.1:PORT -Organization contoso.onmicrosoft.com -AuthorityHost https://127.0.0.1:PORT -CaFile /tmp/vbomfa-sim-ca-....pem
'@
            Remarks = 'The simulator approves the sign-in by itself after three seconds.'
        }
    )
    Outputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'With -PassThru: the session. Otherwise nothing.' }
    Inputs = @{ 'System.String' = 'Server, Organization, Tenant, ClientId and Scope bind from properties of piped objects.' }
    Notes = 'Runs the same in Windows PowerShell 5.1 and PowerShell 7. Tokens never appear in output, -Verbose, -Debug or error records.'
    Links = @('about_VboMfaAuth', 'Start-VboDeviceLogin', 'Wait-VboDeviceLogin', 'Get-VboSession', 'Disconnect-VboTenant')
}
