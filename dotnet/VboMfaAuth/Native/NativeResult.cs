using System;
using System.Collections.Generic;
using System.Text;
using VboMfaAuth.Json;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// A status and the document that came with it, copied out before the native string was
    /// freed. Only for documents without secrets: results, pending states, error objects.
    /// </summary>
    internal sealed class NativeResult
    {
        private Dictionary<string, object?>? members;

        private readonly char[]? chars;
        private readonly int length;
        private string? json;

        internal NativeResult(int status, string? json)
        {
            Status = status;
            this.json = json;
        }

        private NativeResult(int status, char[] chars, int length)
        {
            Status = status;
            this.chars = chars;
            this.length = length;
        }

        /// <summary>
        /// The document at <paramref name="text"/> (NUL-terminated UTF-8, still owned by the
        /// caller), decoded once into characters: an API answer's body is read from them
        /// without a string of the whole document being made (<see cref="Characters"/>).
        /// </summary>
        internal static unsafe NativeResult FromNative(int status, IntPtr text)
        {
            if (text == IntPtr.Zero) return new NativeResult(status, null);
            byte* bytes = (byte*)text;
            int count = Utf8.Length(bytes);
            var decoded = new char[Encoding.UTF8.GetCharCount(bytes, count)];
            fixed (char* into = decoded)
                Encoding.UTF8.GetChars(bytes, count, into, decoded.Length);
            return new NativeResult(status, decoded, decoded.Length);
        }

        internal int Status { get; }

        /// <summary>The document as text, or null when the call returned none.</summary>
        internal string? Json => json ??= chars == null ? null : new string(chars, 0, length);

        /// <summary>The document's characters (not to be changed), or null when the call returned none.</summary>
        internal char[]? Characters => chars ?? json?.ToCharArray();

        internal bool IsOk => Status == (int)VboMfaStatus.Ok;

        internal Dictionary<string, object?> Members => members ??= JsonMembers.ParseObject(Json);

        /// <summary>The error this status stands for (every status but OK and PENDING).</summary>
        internal VboMfaException ToException() => VboMfaException.FromNative(Status, Json);
    }
}
