using System.Management.Automation;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that work with a signed-in session: -Session (from the pipeline too),
/// or the default session of the runspace when none is given.
/// </summary>
public abstract class SessionCmdletBase : VboCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public VboTenantSession? Session { get; set; }

    /// <summary>The session to use; a terminating VboMfaAuth.NO_SESSION error when there is none.</summary>
    internal VboTenantSession ResolveSession()
    {
        var session = Session ?? SessionRegistry.Current.Default;
        if (session == null)
        {
            ThrowTerminatingError(ErrorRecords.Module(
                "NO_SESSION",
                ErrorCategory.InvalidOperation,
                "There is no VBO session to use: none was given with -Session and there is no default session.",
                "Sign in first with Connect-VboTenant (or Import-VboSession), or pass -Session.",
                null));
        }
        WriteVerbose("Using the session of " + session!.Organization + " at " + session.Server + ".");
        return session;
    }
}
