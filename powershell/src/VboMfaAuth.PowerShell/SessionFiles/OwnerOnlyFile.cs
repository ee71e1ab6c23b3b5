using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace VboMfaAuth.PowerShell.SessionFiles;

/// <summary>
/// Files only their owner may read: mode 0600 on Linux and macOS, an ACL with the current user
/// alone (inheritance removed) on Windows. The restriction is applied to an empty file before
/// any content is written, then the file is moved into place.
/// </summary>
internal static class OwnerOnlyFile
{
    private const int OwnerReadWrite = 0x180; // 0600

    private const string WindowsAclScript = @"
param([string] $Path)
$me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
$acl = New-Object System.Security.AccessControl.FileSecurity
$acl.SetAccessRuleProtection($true, $false)
$rule = New-Object System.Security.AccessControl.FileSystemAccessRule($me, 'FullControl', 'Allow')
$acl.AddAccessRule($rule)
Set-Acl -LiteralPath $Path -AclObject $acl
";

    internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    internal static void Write(PSCmdlet cmdlet, string path, string content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException("The folder " + folder + " does not exist; create it first or choose another -Path.");
        }
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (File.Create(temporary))
            {
            }
            RestrictToOwner(cmdlet, temporary);
            File.WriteAllText(temporary, content, new UTF8Encoding(false));
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            File.Move(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// On Linux and macOS: the permission bits others hold on the file ("group/others can read"),
    /// or null when they hold none or the runtime cannot tell. Always null on Windows.
    /// </summary>
    internal static string? OthersAccess(string path)
    {
        if (IsWindows)
        {
            return null;
        }
        var get = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        if (get == null)
        {
            return null;
        }
        var mode = Convert.ToInt32(get.Invoke(null, new object[] { path }));
        return (mode & 0x3F) == 0 ? null : "mode " + Convert.ToString(mode & 0x1FF, 8).PadLeft(4, '0');
    }

    private static void RestrictToOwner(PSCmdlet cmdlet, string path)
    {
        if (IsWindows)
        {
            cmdlet.InvokeCommand.InvokeScript(WindowsAclScript, false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, path);
            return;
        }
        var modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
        var set = modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
        if (set != null)
        {
            set.Invoke(null, new[] { path, Enum.ToObject(modeType!, OwnerReadWrite) });
            return;
        }
        if (Libc.chmod(path, OwnerReadWrite) != 0)
        {
            throw new IOException("Cannot make " + path + " readable by its owner only (chmod failed, errno " + Marshal.GetLastWin32Error() + ").");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>For .NET runtimes before 7 on Unix, which lack File.SetUnixFileMode.</summary>
    private static class Libc
    {
        [DllImport("libc", SetLastError = true)]
#pragma warning disable IDE1006 // the C function's name
        internal static extern int chmod(string path, int mode);
#pragma warning restore IDE1006
    }
}
