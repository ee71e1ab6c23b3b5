using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace VboMfaAuth.PowerShell.SessionFiles;

/// <summary>
/// Windows DPAPI for the current user (CryptProtectData / CryptUnprotectData of crypt32.dll):
/// only that user, on that machine, can decrypt. Declared here because netstandard2.0 has no
/// ProtectedData class and the module takes no NuGet dependency. Windows only.
/// </summary>
internal static class Dpapi
{
    private const int UiForbidden = 0x1;

    /// <summary>Binds the ciphertext to this module's session files.</summary>
    private static readonly byte[] Entropy = System.Text.Encoding.UTF8.GetBytes("VboMfaAuth.SessionFile/1");

    internal static byte[] Protect(byte[] plain) => Transform(plain, protect: true);

    internal static byte[] Unprotect(byte[] cipher) => Transform(cipher, protect: false);

    private static byte[] Transform(byte[] input, bool protect)
    {
        var inputHandle = GCHandle.Alloc(input, GCHandleType.Pinned);
        var entropyHandle = GCHandle.Alloc(Entropy, GCHandleType.Pinned);
        var output = default(DataBlob);
        try
        {
            var inBlob = new DataBlob { Size = input.Length, Data = inputHandle.AddrOfPinnedObject() };
            var entropyBlob = new DataBlob { Size = Entropy.Length, Data = entropyHandle.AddrOfPinnedObject() };
            var ok = protect
                ? NativeMethods.CryptProtectData(ref inBlob, null, ref entropyBlob, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output)
                : NativeMethods.CryptUnprotectData(ref inBlob, IntPtr.Zero, ref entropyBlob, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output);
            if (!ok)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
            var result = new byte[output.Size];
            Marshal.Copy(output.Data, result, 0, output.Size);
            return result;
        }
        finally
        {
            if (output.Data != IntPtr.Zero)
            {
                ZeroMemory(output.Data, output.Size);
                NativeMethods.LocalFree(output.Data);
            }
            inputHandle.Free();
            entropyHandle.Free();
        }
    }

    private static void ZeroMemory(IntPtr pointer, int size)
    {
        for (var i = 0; i < size; i++)
        {
            Marshal.WriteByte(pointer, i, 0);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DataBlob
    {
        public int Size;
        public IntPtr Data;
    }

    private static class NativeMethods
    {
        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool CryptProtectData(
            ref DataBlob dataIn, string? description, ref DataBlob entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool CryptUnprotectData(
            ref DataBlob dataIn, IntPtr description, ref DataBlob entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll")]
        internal static extern IntPtr LocalFree(IntPtr memory);
    }
}
