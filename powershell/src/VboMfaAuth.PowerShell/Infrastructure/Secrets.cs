using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>SecureString in and out, with the plain copies wiped as soon as they are used.</summary>
internal static class Secrets
{
    internal static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Zeroes a buffer that held a secret (null is fine).</summary>
    internal static void Wipe(byte[]? secret)
    {
        if (secret != null)
        {
            Array.Clear(secret, 0, secret.Length);
        }
    }

    /// <summary>The UTF-8 bytes of a SecureString; the caller wipes them (Array.Clear) after use.</summary>
    internal static byte[] Utf8Bytes(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        var chars = new char[secure.Length];
        try
        {
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
