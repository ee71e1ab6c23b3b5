using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using VboMfaAuth.PowerShell.Infrastructure;
using VboMfaAuth.PowerShell.SessionFiles;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Export-VboSession: keeps a session in a file so that a scheduled script signs in with MFA
/// once, not every run. Never plain text: DPAPI for the current user on Windows, or a
/// passphrase or key the user keeps elsewhere; the file is readable by its owner only.
/// </summary>
[Cmdlet(VerbsData.Export, "VboSession")]
[OutputType(typeof(void))]
public sealed class ExportVboSessionCommand : SessionCmdletBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateNotNull]
    public SecureString? Passphrase { get; set; }

    [Parameter]
    [ValidateNotNull]
    public byte[]? Key { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        var path = ResolveFilePath(Path);
        byte[]? plain = null;
        try
        {
            var protection = SessionFileSecret.Choose(Passphrase, Key);
            plain = SessionFileSecret.Utf8(session.Session.ExportSecretJson());
            var file = new SessionFile
            {
                Organization = session.Organization,
                Server = session.Server,
                Protection = protection,
                Content = SessionFileSecret.Seal(protection, plain, Passphrase, Key),
            };
            OwnerOnlyFile.Write(this, path, file.ToJson());
            WriteVerbose(
                "Wrote the session of " + session.Organization + " to " + path + ", encrypted with "
                + SessionFile.ProtectionName(protection) + ", readable by its owner only.");
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, path, FailureContext.Session));
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Module(
                "SESSION_FILE_NOT_WRITTEN", ErrorCategory.WriteError,
                "Cannot write the session file " + path + ": " + e.Message,
                "Choose a -Path in a folder you can write to.", path));
        }
        finally
        {
            Secrets.Wipe(plain);
        }
    }
}
