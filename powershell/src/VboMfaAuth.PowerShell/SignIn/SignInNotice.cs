using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.SignIn;

/// <summary>
/// What the person at the console must do: the instruction of one sign-in, or one table of
/// codes for many. Written to the host (and the Information stream, tagged
/// VboMfaAuth.DeviceCode), never to the output stream, so `$s = Connect-VboTenant ...` shows it.
/// </summary>
internal static class SignInNotice
{
    internal static void ShowOne(VboCmdlet cmdlet, VboPendingSignIn pending)
    {
        HostText.Write(
            cmdlet, pending.Organization + ": " + pending.Message, ConsoleColor.Yellow, HostText.DeviceCodeTag);
        WarnIfAny(cmdlet, pending);
    }

    internal static void ShowTable(VboCmdlet cmdlet, IReadOnlyList<VboPendingSignIn> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var pages = pending.Select(p => p.VerificationUri).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var text = new StringBuilder();
        text.AppendLine(pages.Count == 1
            ? "Open " + pages[0] + " and enter the code of each organization (sign in as that organization's admin):"
            : "Open the page of each organization and enter its code (sign in as that organization's admin):");
        var headers = pages.Count == 1
            ? new[] { "Organization", "Code", "Expires" }
            : new[] { "Organization", "Code", "Expires", "Page" };
        var rows = pending.Select(p => Row(p, pages.Count > 1)).ToList();
        text.Append(Table(headers, rows));
        HostText.Write(cmdlet, text.ToString(), ConsoleColor.Yellow, HostText.DeviceCodeTag);
        foreach (var p in pending)
        {
            WarnIfAny(cmdlet, p);
        }
    }

    private static string[] Row(VboPendingSignIn p, bool withPage)
    {
        var expires = p.ExpiresOn.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return withPage
            ? new[] { p.Organization, p.UserCode, expires, p.VerificationUri }
            : new[] { p.Organization, p.UserCode, expires };
    }

    /// <summary>Left-aligned columns with a dashed underline, like Format-Table.</summary>
    internal static string Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) =>
            text.AppendLine(string.Join(" ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        Line(headers.Select(h => new string('-', h.Length)));
        foreach (var row in rows)
        {
            Line(row);
        }
        return text.ToString();
    }

    private static void WarnIfAny(VboCmdlet cmdlet, VboPendingSignIn pending)
    {
        var warning = pending.Pending.DeviceCode.Warning;
        if (!string.IsNullOrEmpty(warning))
        {
            cmdlet.WriteWarning(pending.Organization + ": " + warning);
        }
    }
}
