using System;
using System.Management.Automation;
using System.Security;
using System.Text;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.SessionFiles;

/// <summary>
/// The protection Export- and Import-VboSession share: DPAPI (current user) on Windows when
/// neither -Passphrase nor -Key is given; otherwise the user's passphrase or key. Never plain
/// text: without DPAPI and without a secret, the export refuses.
/// </summary>
internal static class SessionFileSecret
{
    internal static Protection Choose(SecureString? passphrase, byte[]? key)
    {
        if (passphrase != null && key != null)
        {
            throw new ArgumentException("Give -Passphrase or -Key, not both.");
        }
        if (key != null)
        {
            if (key.Length != KeyedCipher.KeyLength)
            {
                throw new ArgumentException(
                    "-Key must be 32 bytes (it has " + key.Length + "); make one with "
                    + "$key = [byte[]]::new(32); [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($key)");
            }
            return Protection.Key;
        }
        if (passphrase != null)
        {
            if (passphrase.Length == 0)
            {
                throw new ArgumentException("-Passphrase is empty.");
            }
            return Protection.Passphrase;
        }
        if (!OwnerOnlyFile.IsWindows)
        {
            throw new ArgumentException(
                "There is no DPAPI on this system: give -Passphrase (a SecureString, e.g. from Read-Host -AsSecureString) "
                + "or -Key (32 bytes you keep elsewhere) to encrypt the session file.");
        }
        return Protection.Dpapi;
    }

    internal static KeyedCipher.Sealed Seal(Protection protection, byte[] plain, SecureString? passphrase, byte[]? key)
    {
        if (protection == Protection.Dpapi)
        {
            return new KeyedCipher.Sealed { Data = Dpapi.Protect(plain) };
        }
        var secret = Secret(protection, passphrase, key);
        try
        {
            var iterations = protection == Protection.Passphrase ? KeyedCipher.PassphraseIterations : KeyedCipher.KeyIterations;
            return KeyedCipher.Seal(plain, secret, iterations);
        }
        finally
        {
            Secrets.Wipe(secret);
        }
    }

    /// <summary>The plain bytes; null when the passphrase or key does not open the file.</summary>
    internal static byte[]? Open(SessionFile file, SecureString? passphrase, byte[]? key)
    {
        if (file.Protection == Protection.Dpapi)
        {
            if (!OwnerOnlyFile.IsWindows)
            {
                throw new ArgumentException("The file is protected with Windows DPAPI; only the Windows user who exported it can import it, on that machine.");
            }
            return Dpapi.Unprotect(file.Content.Data);
        }
        if (file.Protection == Protection.Passphrase && passphrase == null)
        {
            throw new ArgumentException("The file is protected with a passphrase: give it with -Passphrase.");
        }
        if (file.Protection == Protection.Key && key == null)
        {
            throw new ArgumentException("The file is protected with a key: give it with -Key.");
        }
        var secret = Secret(file.Protection, passphrase, key);
        try
        {
            return KeyedCipher.Open(file.Content, secret);
        }
        finally
        {
            Secrets.Wipe(secret);
        }
    }

    private static byte[] Secret(Protection protection, SecureString? passphrase, byte[]? key) =>
        protection == Protection.Passphrase ? Secrets.Utf8Bytes(passphrase!) : (byte[])key!.Clone();

    internal static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);
}
