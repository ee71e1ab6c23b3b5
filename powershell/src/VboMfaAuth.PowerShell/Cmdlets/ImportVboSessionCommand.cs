using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Text;
using VboMfaAuth.PowerShell.Infrastructure;
using VboMfaAuth.PowerShell.SessionFiles;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Import-VboSession: reads a file written by Export-VboSession and makes its session the
/// default (and outputs it). The session refreshes its token by itself when it is used.
/// </summary>
[Cmdlet(VerbsData.Import, "VboSession")]
[OutputType(typeof(VboTenantSession))]
public sealed class ImportVboSessionCommand : VboCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
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
        var path = ResolveFilePath(Path);
        byte[]? plain = null;
        try
        {
            var others = OwnerOnlyFile.OthersAccess(path);
            if (others != null)
            {
                WriteWarning(path + " can be read by other users (" + others + "); make it owner-only: chmod 600 '" + path + "'.");
            }
            var file = SessionFile.Parse(File.ReadAllText(path, Encoding.UTF8));
            WriteVerbose("Reading the session of " + file.Organization + " at " + file.Server + " (" + SessionFile.ProtectionName(file.Protection) + ") from " + path + ".");
            plain = SessionFileSecret.Open(file, Passphrase, Key);
            if (plain == null)
            {
                WriteError(ErrorRecords.Module(
                    "SESSION_FILE_LOCKED", ErrorCategory.SecurityError,
                    "The " + SessionFile.ProtectionName(file.Protection) + " given does not open " + path + " (or the file was changed).",
                    "Give the -Passphrase or -Key used by Export-VboSession.", path));
                return;
            }
            var session = new VboTenantSession(VboSession.ImportSecretJson(Encoding.UTF8.GetString(plain)));
            SessionRegistry.Current.Add(session, makeDefault: true);
            WriteVerbose(session.Organization + ": session imported as the default; the token expires at " + session.ExpiresOn.ToString("HH:mm:ss") + " and is refreshed when used.");
            WriteObject(session);
        }
        catch (FormatException e)
        {
            WriteError(ErrorRecords.Module(
                "SESSION_FILE_INVALID", ErrorCategory.InvalidData,
                "Cannot read " + path + ": " + e.Message + ".",
                "Give a file written by Export-VboSession.", path));
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Module(
                "SESSION_FILE_NOT_READ", ErrorCategory.ReadError,
                "Cannot read the session file " + path + ": " + e.Message,
                "Check the -Path and that you may read it.", path));
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, path, FailureContext.Session));
        }
        finally
        {
            Secrets.Wipe(plain);
        }
    }
}
