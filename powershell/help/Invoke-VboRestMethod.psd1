@{
    Synopsis = 'Calls the VBO REST API with a session and returns the answer as objects.'
    Description = @(
        'Invoke-VboRestMethod sends one request to the VBO REST API with the session''s bearer token and returns the JSON answer as PowerShell objects, as Invoke-RestMethod does (an array is enumerated onto the pipeline; text that is not JSON is returned as a string; an empty answer returns nothing).'
        'A path such as /Organization gets the session''s API version in front (/v8/Organization); a path that starts with /vN/ is used as given. The session refreshes its token by itself shortly before expiry and once when the server answers 401; redirects are never followed.'
        'A refusal (4xx) is a non-terminating error VboMfaAuth.VBOMFA_VBO_REJECTED whose exception has HttpStatus and VBO''s message.'
    )
    Parameters = @{
        Path = 'The resource path, for example /Organization or /Jobs, or /v7/Organization for a given version. Query strings are allowed.'
        Method = 'The HTTP method: GET (default), POST, PUT, PATCH or DELETE.'
        Body = 'The request body: a string is sent as given (JSON), anything else (a hashtable, an object) is converted with ConvertTo-Json -Depth 20.'
    }
    Examples = @(
        @{ Title = 'List organizations'; Code = 'Invoke-VboRestMethod -Path /Organization'; Remarks = 'Uses the default session.' }
        @{ Title = 'Start a job'; Code = "Invoke-VboRestMethod -Method POST -Path /Jobs/`$jobId/action -Body @{ start = `$null }"; Remarks = 'The hashtable is sent as JSON.' }
    )
    Outputs = @{ 'System.Management.Automation.PSObject' = 'The answer''s JSON as objects (arrays enumerated), or a string for a text answer.' }
    Inputs = @{ 'VboMfaAuth.PowerShell.VboTenantSession' = 'The session to use.' }
    Notes = 'The token never appears in -Verbose or -Debug output; -Verbose shows method, path, status and sizes.'
    Links = @('Get-VboOrganization', 'Get-VboAccessToken', 'about_VboMfaAuth')
}
