@{
    Synopsis = 'Gets a session''s VBO access token, as a SecureString unless asked for plain text.'
    Description = @(
        'Get-VboAccessToken returns the current access token of a session for use with other tools (for example Invoke-RestMethod -Authentication Bearer -Token in PowerShell 7). A token that expires within two minutes is refreshed first. The token is a SecureString; -AsPlainText returns it as plain text, which then is yours to keep out of logs.'
    )
    Parameters = @{
        AsPlainText = 'Return the token as a plain string instead of a SecureString.'
    }
    Examples = @(
        @{ Title = 'Call the API with Invoke-RestMethod (PowerShell 7)'; Code = @'
$token = Get-VboAccessToken
Invoke-RestMethod -Uri "$((Get-VboSession -Default).Server)/v8/Organization" -Authentication Bearer -Token $token
'@; Remarks = 'The token stays a SecureString throughout.' }
    )
    Outputs = @{ 'System.Security.SecureString' = 'The token.'; 'System.String' = 'With -AsPlainText: the token as plain text.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'The session.' }
    Notes = 'Session objects themselves hold no token.'
    Links = @('Invoke-VboRestMethod', 'Get-VboSession')
}
