using System.Linq;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Get-VboSession: the sessions of this PowerShell session (signed in, waited for or
/// imported), filtered by organization or server (wildcards), or only the default one.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VboSession", DefaultParameterSetName = AllSet)]
[OutputType(typeof(VboTenantSession))]
public sealed class GetVboSessionCommand : VboCmdlet
{
    private const string AllSet = "All";
    private const string DefaultSet = "Default";

    [Parameter(Position = 0, ParameterSetName = AllSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Organization { get; set; } = "*";

    [Parameter(ParameterSetName = AllSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = "*";

    [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
    public SwitchParameter Default { get; set; }

    protected override void EndProcessing()
    {
        var registry = SessionRegistry.Current;
        if (Default.IsPresent)
        {
            if (registry.Default != null)
            {
                WriteObject(registry.Default);
            }
            return;
        }
        var organization = new WildcardPattern(Organization, WildcardOptions.IgnoreCase);
        var server = new WildcardPattern(Server, WildcardOptions.IgnoreCase);
        WriteObject(
            registry.All.Where(s => organization.IsMatch(s.Organization) && server.IsMatch(s.Server)).ToArray(),
            true);
    }
}
