using System;
using System.Runtime.InteropServices;
using System.Text;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// A token (access or refresh token) as NUL-terminated UTF-8 in unmanaged memory: never on
    /// the garbage-collected heap (which copies objects around and frees without wiping),
    /// zeroed and freed when released. Passed to the native calls as a SafeHandle, so it is
    /// not released while a call still reads it, even if the session is disposed meanwhile.
    /// It becomes a .NET string only when a caller asks (<see cref="Reveal"/>).
    /// </summary>
    internal sealed class SecretBuffer : SafeHandle
    {
        private int length;

        /// <summary>For the marshaller only; use the factory methods.</summary>
        public SecretBuffer()
            : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        /// <summary>Copies <paramref name="count"/> UTF-16 characters as UTF-8.</summary>
        internal static unsafe SecretBuffer FromChars(char* chars, int count)
        {
            int bytes = Encoding.UTF8.GetByteCount(chars, count);
            SecretBuffer buffer = Allocate(bytes);
            Encoding.UTF8.GetBytes(chars, count, (byte*)buffer.handle, bytes);
            return buffer;
        }

        /// <summary>Copies a string (a token the caller gave, e.g. from an exported session).</summary>
        internal static unsafe SecretBuffer FromString(string value)
        {
            fixed (char* chars = value) return FromChars(chars, value.Length);
        }

        private static unsafe SecretBuffer Allocate(int bytes)
        {
            var buffer = new SecretBuffer();
            IntPtr memory = Marshal.AllocHGlobal(bytes + 1);
            ((byte*)memory)[bytes] = 0;
            buffer.SetHandle(memory);
            buffer.length = bytes;
            NativeLedger.SecretCreated();
            return buffer;
        }

        /// <summary>Length in UTF-8 bytes, without the NUL.</summary>
        internal int Length => length;

        /// <summary>The token as a .NET string, for callers who explicitly asked to see it.</summary>
        internal unsafe string Reveal()
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                return Encoding.UTF8.GetString((byte*)handle, length);
            }
            finally
            {
                if (added) DangerousRelease();
            }
        }

        /// <summary>True when both hold the same bytes (compared without revealing either).</summary>
        internal unsafe bool SameAs(SecretBuffer other)
        {
            bool a = false, b = false;
            try
            {
                DangerousAddRef(ref a);
                other.DangerousAddRef(ref b);
                if (length != other.length) return false;
                byte* x = (byte*)handle, y = (byte*)other.handle;
                int diff = 0;
                for (int i = 0; i < length; i++) diff |= x[i] ^ y[i];
                return diff == 0;
            }
            finally
            {
                if (b) other.DangerousRelease();
                if (a) DangerousRelease();
            }
        }

        protected override unsafe bool ReleaseHandle()
        {
            Utf8.Wipe((byte*)handle, length + 1);
            Marshal.FreeHGlobal(handle);
            NativeLedger.SecretFreed();
            return true;
        }

        /// <summary>Never the token.</summary>
        public override string ToString() => "SecretBuffer (" + length + " bytes, not shown)";
    }
}
