using System;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace VboMfaAuth.PowerShell.SessionFiles;

/// <summary>
/// Encryption of a session file under a key or passphrase the user keeps elsewhere:
/// PBKDF2-HMAC-SHA256 (600,000 iterations for a passphrase, 1 for a 32-byte random key) gives
/// an AES-256 key and an HMAC-SHA256 key; AES-256-CBC, then HMAC over IV and ciphertext
/// (encrypt-then-MAC), checked in constant time before anything is decrypted.
/// netstandard2.0 has neither AES-GCM nor PBKDF2 with SHA-256 at compile time; both runtimes
/// the module supports (.NET Framework 4.7.2+, .NET 8+) have the SHA-256 PBKDF2 constructor.
/// </summary>
internal static class KeyedCipher
{
    internal const int PassphraseIterations = 600_000;
    internal const int KeyIterations = 1;
    internal const int KeyLength = 32;

    internal sealed class Sealed
    {
        internal byte[] Salt = new byte[0];
        internal int Iterations;
        internal byte[] Iv = new byte[0];
        internal byte[] Data = new byte[0];
        internal byte[] Mac = new byte[0];
    }

    internal static Sealed Seal(byte[] plain, byte[] secret, int iterations)
    {
        var sealedData = new Sealed { Salt = Random(16), Iterations = iterations, Iv = Random(16) };
        var keys = Derive(secret, sealedData.Salt, iterations);
        try
        {
            using (var aes = Aes.Create())
            using (var encryptor = aes.CreateEncryptor(keys.Encryption, sealedData.Iv))
            {
                sealedData.Data = encryptor.TransformFinalBlock(plain, 0, plain.Length);
            }
            sealedData.Mac = Mac(keys.Authentication, sealedData.Iv, sealedData.Data);
            return sealedData;
        }
        finally
        {
            keys.Wipe();
        }
    }

    /// <summary>The plain bytes, or null when the key or passphrase is wrong or the file was changed.</summary>
    internal static byte[]? Open(Sealed sealedData, byte[] secret)
    {
        var keys = Derive(secret, sealedData.Salt, sealedData.Iterations);
        try
        {
            var expected = Mac(keys.Authentication, sealedData.Iv, sealedData.Data);
            if (!FixedTimeEquals(expected, sealedData.Mac))
            {
                return null;
            }
            using (var aes = Aes.Create())
            using (var decryptor = aes.CreateDecryptor(keys.Encryption, sealedData.Iv))
            {
                return decryptor.TransformFinalBlock(sealedData.Data, 0, sealedData.Data.Length);
            }
        }
        finally
        {
            keys.Wipe();
        }
    }

    /// <summary>The two 32-byte keys derived from the secret, wiped after use.</summary>
    private sealed class Keys
    {
        internal readonly byte[] Encryption = new byte[32];
        internal readonly byte[] Authentication = new byte[32];

        internal void Wipe()
        {
            Array.Clear(Encryption, 0, Encryption.Length);
            Array.Clear(Authentication, 0, Authentication.Length);
        }
    }

    private static Keys Derive(byte[] secret, byte[] salt, int iterations)
    {
        var constructor = typeof(Rfc2898DeriveBytes).GetConstructor(
            new[] { typeof(byte[]), typeof(byte[]), typeof(int), typeof(HashAlgorithmName) });
        if (constructor == null)
        {
            throw new PlatformNotSupportedException(
                "This .NET runtime has no PBKDF2 with SHA-256 (it needs .NET Framework 4.7.2 or later, or .NET 8 or later).");
        }
        try
        {
            using (var kdf = (Rfc2898DeriveBytes)constructor.Invoke(new object[] { secret, salt, iterations, HashAlgorithmName.SHA256 }))
            {
                var both = kdf.GetBytes(64);
                var keys = new Keys();
                Buffer.BlockCopy(both, 0, keys.Encryption, 0, 32);
                Buffer.BlockCopy(both, 32, keys.Authentication, 0, 32);
                Array.Clear(both, 0, both.Length);
                return keys;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static byte[] Mac(byte[] key, byte[] iv, byte[] data)
    {
        using (var hmac = new HMACSHA256(key))
        {
            hmac.TransformBlock(iv, 0, iv.Length, null, 0);
            hmac.TransformFinalBlock(data, 0, data.Length);
            return hmac.Hash;
        }
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(bytes);
        }
        return bytes;
    }

    private static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        var difference = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference |= a[i] ^ b[i];
        }
        return difference == 0;
    }
}
