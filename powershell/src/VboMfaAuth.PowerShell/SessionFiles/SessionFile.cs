using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VboMfaAuth.PowerShell.SessionFiles;

/// <summary>How a session file's secret part is protected.</summary>
internal enum Protection
{
    /// <summary>Windows DPAPI, current user: no key to keep.</summary>
    Dpapi,

    /// <summary>A passphrase the user gives (-Passphrase), stretched with PBKDF2.</summary>
    Passphrase,

    /// <summary>A 32-byte key the user keeps elsewhere (-Key).</summary>
    Key,
}

/// <summary>
/// The file Export-VboSession writes: a small JSON document. Organization and server are in
/// clear (to tell files apart); the library's session export (tokens) only encrypted:
/// <code>
/// {"format":"VboMfaAuth.SessionFile","version":1,"organization":"...","server":"...",
///  "protection":"dpapi-currentuser" | "passphrase" | "key",
///  "iterations":600000,"salt":"b64","iv":"b64","data":"b64","mac":"b64"}
/// </code>
/// (DPAPI files have "data" only.)
/// </summary>
internal sealed class SessionFile
{
    internal const string Format = "VboMfaAuth.SessionFile";

    internal string Organization = "";
    internal string Server = "";
    internal Protection Protection;
    internal KeyedCipher.Sealed Content = new KeyedCipher.Sealed();

    internal static string ProtectionName(Protection protection) =>
        protection == Protection.Dpapi ? "dpapi-currentuser" : protection == Protection.Passphrase ? "passphrase" : "key";

    internal string ToJson()
    {
        var fields = new List<string>
        {
            Field("format", Format),
            "\"version\":1",
            Field("organization", Organization),
            Field("server", Server),
            Field("protection", ProtectionName(Protection)),
        };
        if (Protection != Protection.Dpapi)
        {
            fields.Add("\"iterations\":" + Content.Iterations.ToString(CultureInfo.InvariantCulture));
            fields.Add(Field("salt", Convert.ToBase64String(Content.Salt)));
            fields.Add(Field("iv", Convert.ToBase64String(Content.Iv)));
        }
        fields.Add(Field("data", Convert.ToBase64String(Content.Data)));
        if (Protection != Protection.Dpapi)
        {
            fields.Add(Field("mac", Convert.ToBase64String(Content.Mac)));
        }
        return "{" + string.Join(",", fields) + "}\n";
    }

    /// <summary>Reads a session file's text; a FormatException names what is wrong.</summary>
    internal static SessionFile Parse(string text)
    {
        object? parsed;
        try
        {
            parsed = VboJson.Parse(text);
        }
        catch (Exception e) when (!(e is OutOfMemoryException))
        {
            throw new FormatException("it is not JSON", e);
        }
        if (!(parsed is IDictionary<string, object?> map) || Text(map, "format") != Format)
        {
            throw new FormatException("it is not a VboMfaAuth session file (no \"format\": \"" + Format + "\")");
        }
        if (Number(map, "version") != 1)
        {
            throw new FormatException("its version is not 1 (written by a newer module?)");
        }
        var file = new SessionFile
        {
            Organization = Text(map, "organization") ?? "",
            Server = Text(map, "server") ?? "",
            Protection = ParseProtection(Text(map, "protection")),
        };
        file.Content.Data = Bytes(map, "data");
        if (file.Protection != Protection.Dpapi)
        {
            file.Content.Iterations = Number(map, "iterations");
            file.Content.Salt = Bytes(map, "salt");
            file.Content.Iv = Bytes(map, "iv");
            file.Content.Mac = Bytes(map, "mac");
            if (file.Content.Iterations < 1)
            {
                throw new FormatException("\"iterations\" must be a positive number");
            }
        }
        return file;
    }

    private static Protection ParseProtection(string? name)
    {
        switch (name)
        {
            case "dpapi-currentuser":
                return Protection.Dpapi;
            case "passphrase":
                return Protection.Passphrase;
            case "key":
                return Protection.Key;
            default:
                throw new FormatException("\"protection\" is \"" + name + "\", not dpapi-currentuser, passphrase or key");
        }
    }

    private static string? Text(IDictionary<string, object?> map, string name) =>
        map.TryGetValue(name, out var value) ? value as string : null;

    private static int Number(IDictionary<string, object?> map, string name)
    {
        if (map.TryGetValue(name, out var value) && (value is long || value is double || value is int))
        {
            return Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }
        throw new FormatException("\"" + name + "\" is missing or not a number");
    }

    private static byte[] Bytes(IDictionary<string, object?> map, string name)
    {
        var text = Text(map, name) ?? throw new FormatException("\"" + name + "\" is missing");
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException("\"" + name + "\" is not Base64");
        }
    }

    private static string Field(string name, string value) => "\"" + name + "\":" + Quote(value);

    /// <summary>A JSON string literal.</summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                default:
                    if (c < 0x20)
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
