// The test host: PowerShell 7.6 built from Microsoft.PowerShell.SDK, started exactly as pwsh
// starts (pwsh's own Main is this one call). Arguments are pwsh's: -NoProfile, -File, -Command...
namespace VboMfaAuth.PwshHost;

internal static class Program
{
    private static int Main(string[] args) =>
        Microsoft.PowerShell.UnmanagedPSEntry.Start(args, args.Length);
}
