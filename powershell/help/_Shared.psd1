# Parameter descriptions shared by several cmdlets. A cmdlet's own help file may override one.
# powershell/build/MamlHelp.ps1 merges them into each cmdlet's MAML help.
@{
    Parameters = @{
        Server = @'
The VBO REST API's address: https://host[:port] (port 4443 when none is given). A bare host name means HTTPS. Plain http:// is accepted for a loopback address only.
'@
        Organization = @'
The Microsoft 365 organization exactly as VBO shows it (the letter case matters), for example contoso.onmicrosoft.com. It is VBO's client_id for the token exchange and, unless -Tenant says otherwise, the tenant to sign in to.
'@
        Tenant = @'
The Microsoft Entra tenant to sign in to: its domain (contoso.onmicrosoft.com), its GUID, or organizations. Default: the value of -Organization.
'@
        ClientId = @'
The application (client) ID of a public-client app registration that may use the device-code flow. Default: the public client Veeam documents for VBO (04b07795-8ddb-461a-bbee-02f9e1bf7b46).
'@
        Scope = @'
The scopes to ask for, separated by spaces. Default: Directory.AccessAsUser.All User.ReadWrite.All offline_access. Keep offline_access: VBO refuses a sign-in without a refresh token.
'@
        ApiVersion = @'
The VBO REST API version: auto (default: v8, then v7, v6, v5, v4, moving on only when the server answers 404) or one of v4 to v8.
'@
        CertificateThumbprint = @'
Trust the VBO server's certificate if and only if its SHA-1 thumbprint is one of these, as Windows shows it (spaces, colons and the invisible marks copied from the certificate dialog are fine). The safe way to reach a VBO server with its own self-signed certificate. Applies to VBO only, never to the Microsoft sign-in.
'@
        CaFile = @'
A file of extra trusted root certificates (PEM, or a DER .cer file): the CA of a TLS-inspecting proxy, or of the VBO server. Relative paths are resolved from the current PowerShell location.
'@
        SkipCertificateCheck = @'
Accept any certificate from the VBO server. Dangerous: anyone on the network path can read the tokens. A warning is written every time; prefer -CertificateThumbprint. Never applies to the Microsoft sign-in.
'@
        AuthorityHost = @'
The identity platform's address, for example https://login.microsoftonline.com (the default) or a simulator's URL. Cannot be combined with -Cloud.
'@
        Cloud = @'
The Microsoft cloud: global (login.microsoftonline.com, the default), usgov (login.microsoftonline.us) or china (login.partner.microsoftonline.cn). Cannot be combined with -AuthorityHost.
'@
        Proxy = @'
The proxy for both Microsoft and VBO: system (default: the operating system's settings and HTTPS_PROXY/NO_PROXY; never used for a loopback server), none, or http(s)://[user:password@]host:port. A password in it is never shown in -Verbose or -Debug output.
'@
        TimeoutSec = @'
The time limit of each HTTP request, in seconds (1 to 3600; default 30). It does not limit the sign-in, which waits until the code expires (15 minutes at Microsoft) or until Ctrl+C.
'@
        Session = @'
The session to use, as output by Connect-VboTenant -PassThru, Wait-VboDeviceLogin, Get-VboSession or Import-VboSession; also from the pipeline. Default: the default session (the last one connected or imported).
'@
        PassThru = @'
Output the session. Without it the cmdlet outputs nothing.
'@
        Passphrase = @'
A passphrase (SecureString, for example from Read-Host -AsSecureString) that encrypts the session file: AES-256 with a key stretched by PBKDF2-HMAC-SHA256 (600,000 iterations), authenticated with HMAC-SHA256. Keep it elsewhere than the file.
'@
        Key = @'
A 32-byte key that encrypts the session file (AES-256, HMAC-SHA256), for scheduled scripts that fetch it from a vault. Make one with: $key = [byte[]]::new(32); [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($key)
'@
    }
}
