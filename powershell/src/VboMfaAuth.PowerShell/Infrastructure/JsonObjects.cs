using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// JSON in and out of PowerShell, as Invoke-RestMethod does it: a response body becomes
/// PSCustomObjects (arrays are enumerated onto the pipeline by the caller), a -Body object
/// becomes JSON through ConvertTo-Json (PowerShell's own serializer, 5.1 and 7 alike).
/// </summary>
internal static class JsonObjects
{
    /// <summary>
    /// A response body as PowerShell values: objects, arrays, numbers, strings; text that is
    /// not JSON stays a string; no body is null.
    /// </summary>
    internal static object? FromBody(string? body)
    {
        if (body == null)
        {
            return null;
        }
        object? parsed;
        try
        {
            parsed = VboJson.Parse(body);
        }
        catch (Exception e) when (e is FormatException || e is ArgumentException || e is InvalidOperationException)
        {
            return body;
        }
        return ToPowerShell(parsed);
    }

    /// <summary>The library's parsed JSON (dictionaries, lists, scalars) as PSCustomObjects and arrays.</summary>
    internal static object? ToPowerShell(object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> map:
                var result = new PSObject();
                foreach (var pair in map)
                {
                    result.Properties.Add(new PSNoteProperty(pair.Key, ToPowerShell(pair.Value)));
                }
                return result;
            case IList list:
                return list.Cast<object?>().Select(ToPowerShell).ToArray();
            default:
                return value;
        }
    }

    /// <summary>A -Body value as JSON text: a string is sent as given, anything else through ConvertTo-Json.</summary>
    internal static string? ToBody(PSCmdlet cmdlet, object? body)
    {
        var value = body is PSObject wrapped ? wrapped.BaseObject : body;
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            default:
                var json = cmdlet.InvokeCommand.InvokeScript(
                    "param($value) ConvertTo-Json -InputObject $value -Depth 20 -Compress",
                    false,
                    System.Management.Automation.Runspaces.PipelineResultTypes.None,
                    null,
                    body);
                return string.Concat(json.Select(o => o?.ToString()));
        }
    }
}
