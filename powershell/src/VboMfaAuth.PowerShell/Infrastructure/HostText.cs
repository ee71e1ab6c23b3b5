using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// Writes text for the person at the console the way Write-Host does: an information record
/// tagged PSHOST (the host shows it even when the output is assigned or piped) plus the
/// module's own tags, so scripts can also collect it (-InformationVariable). Never the output
/// stream.
/// </summary>
internal static class HostText
{
    /// <summary>Tag of every host message of the module.</summary>
    internal const string ModuleTag = "VboMfaAuth";

    /// <summary>Tag of the sign-in instruction (code and page) and the table of codes.</summary>
    internal const string DeviceCodeTag = "VboMfaAuth.DeviceCode";

    internal static void Write(Cmdlet cmdlet, string text, ConsoleColor? color, string tag)
    {
        var message = new HostInformationMessage { Message = text, NoNewLine = false };
        var rawUi = HostUi(cmdlet);
        if (color.HasValue && rawUi != null)
        {
            try
            {
                message.ForegroundColor = color.Value;
                message.BackgroundColor = rawUi.BackgroundColor;
            }
            catch (HostException)
            {
                // A host without colours: the plain text is enough.
            }
            catch (NotImplementedException)
            {
            }
        }
        cmdlet.WriteInformation(message, new[] { "PSHOST", ModuleTag, tag });
    }

    private static PSHostRawUserInterface? HostUi(Cmdlet cmdlet)
    {
        try
        {
            return (cmdlet as PSCmdlet)?.Host?.UI?.RawUI;
        }
        catch (NotImplementedException)
        {
            return null;
        }
    }
}
