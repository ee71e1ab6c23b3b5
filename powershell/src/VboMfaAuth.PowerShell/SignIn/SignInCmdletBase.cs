using System;
using System.Globalization;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.SignIn;

/// <summary>
/// The parameters Connect-VboTenant and Start-VboDeviceLogin share (server, organization,
/// identity-platform and connection settings) and the library client they describe.
/// Server, Organization, Tenant, ClientId and Scope bind from pipeline properties, so rows of
/// Import-Csv can drive many sign-ins.
/// </summary>
public abstract class SignInCmdletBase : VboCmdlet
{
    internal const string AuthorityHostSet = "AuthorityHost";
    internal const string CloudSet = "Cloud";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Organization { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Tenant { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AppId")]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Scope { get; set; }

    [Parameter]
    [ValidateSet("auto", "v4", "v5", "v6", "v7", "v8", IgnoreCase = true)]
    public string? ApiVersion { get; set; }

    [Parameter]
    [Alias("Thumbprint")]
    [ValidateNotNullOrEmpty]
    public string[]? CertificateThumbprint { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CaFile { get; set; }

    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    [Parameter(ParameterSetName = AuthorityHostSet)]
    [ValidateNotNullOrEmpty]
    public string? AuthorityHost { get; set; }

    [Parameter(ParameterSetName = CloudSet)]
    [ValidateSet("global", "usgov", "china", IgnoreCase = true)]
    public string? Cloud { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Proxy { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; }

    /// <summary>The library client for the current parameter values (one per input record).</summary>
    internal VboMfaClient CreateClient()
    {
        var options = new VboMfaOptions
        {
            AuthorityHost = AuthorityHost,
            Cloud = Cloud?.ToLowerInvariant(),
            ApiVersion = ApiVersion?.ToLowerInvariant(),
            Proxy = Proxy,
            SkipCertificateCheck = SkipCertificateCheck.IsPresent,
        };
        if (MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)))
        {
            options.Timeout = TimeSpan.FromSeconds(TimeoutSec);
        }
        if (CaFile != null)
        {
            options.CaFile = ResolveFilePath(CaFile);
        }
        foreach (var thumbprint in CertificateThumbprint ?? new string[0])
        {
            options.Thumbprints.Add(thumbprint);
        }
        var client = new VboMfaClient(ServerUrl(Server), Organization, options);
        if (Tenant != null)
        {
            client.Tenant = Tenant;
        }
        if (ClientId != null)
        {
            client.ClientId = ClientId;
        }
        if (Scope != null)
        {
            client.Scope = Scope;
        }
        if (SkipCertificateCheck.IsPresent)
        {
            WriteWarning(
                "-SkipCertificateCheck: any certificate is accepted from " + client.Server
                + ", so anyone on the network path can read the tokens. Pin the server with -CertificateThumbprint instead.");
        }
        WriteDebug(Describe(client));
        return client;
    }

    /// <summary>"vbo.example.com" → "https://vbo.example.com": a bare host name means HTTPS.</summary>
    internal static string ServerUrl(string server) =>
        server.Contains("://") ? server : "https://" + server;

    /// <summary>The settings of a sign-in for -Debug: no secret (a proxy password is masked).</summary>
    private static string Describe(VboMfaClient client)
    {
        var o = client.Options;
        return string.Format(
            CultureInfo.InvariantCulture,
            "Sign-in settings: server {0}, organization {1}, tenant {2}, client id {3}, scope '{4}', authority {5}, cloud {6}, "
            + "api version {7}, timeout {8}, proxy {9}, CA file {10}, thumbprints {11}, skip certificate check {12}.",
            client.Server,
            client.Organization,
            client.Tenant,
            client.ClientId,
            client.Scope,
            o.AuthorityHost ?? "(default)",
            o.Cloud ?? "(default)",
            o.ApiVersion ?? "auto",
            o.Timeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s",
            Redact.ProxyUrl(o.Proxy) ?? "system",
            o.CaFile ?? "(none)",
            o.Thumbprints.Count,
            o.SkipCertificateCheck);
    }
}
