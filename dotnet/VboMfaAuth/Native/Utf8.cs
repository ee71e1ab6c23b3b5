using System;
using System.Runtime.InteropServices;
using System.Text;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// UTF-8 by hand, the same on every runtime (.NET Framework's marshaller has no UTF-8 for
    /// <c>string</c>): arguments become NUL-terminated <c>byte[]</c>s, results are decoded from
    /// the library's NUL-terminated strings.
    /// </summary>
    internal static class Utf8
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// <paramref name="value"/> as NUL-terminated UTF-8, or null for null. A NUL inside
        /// would cut the string short on the C side, so it is refused, naming
        /// <paramref name="name"/> (never the value: it may be a secret).
        /// </summary>
        internal static byte[]? Arg(string? value, string name)
        {
            if (value == null) return null;
            if (value.IndexOf('\0') >= 0)
                throw new ArgumentException("The " + name + " contains a NUL character, which the native library cannot take.", name);
            byte[] bytes;
            try
            {
                bytes = new byte[Strict.GetByteCount(value) + 1];
            }
            catch (EncoderFallbackException)
            {
                throw new ArgumentException("The " + name + " is not valid Unicode (a lone surrogate), so it has no UTF-8 form.", name);
            }
            Strict.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Like <see cref="Arg"/> for values that are never null.</summary>
        internal static byte[] Required(string value, string name) =>
            Arg(value ?? throw new ArgumentNullException(name), name)!;

        /// <summary>Decodes a NUL-terminated UTF-8 string; null for a null pointer.</summary>
        internal static unsafe string? FromNative(IntPtr text)
        {
            if (text == IntPtr.Zero) return null;
            byte* p = (byte*)text;
            int length = Length(p);
            return Encoding.UTF8.GetString(p, length);
        }

        /// <summary>A static string of the library (version, status names) or of the C library.</summary>
        internal static string ToStringFromStatic(IntPtr text) => FromNative(text) ?? string.Empty;

        /// <summary>strlen.</summary>
        internal static unsafe int Length(byte* p)
        {
            int n = 0;
            while (p[n] != 0) n++;
            return n;
        }

        /// <summary>Overwrites <paramref name="count"/> bytes at <paramref name="p"/> with zeros.</summary>
        internal static unsafe void Wipe(byte* p, int count)
        {
            for (int i = 0; i < count; i++) p[i] = 0;
        }

        /// <summary>Zeroes an argument array after a call that held a secret.</summary>
        internal static void Wipe(byte[]? bytes)
        {
            if (bytes != null) Array.Clear(bytes, 0, bytes.Length);
        }
    }
}
