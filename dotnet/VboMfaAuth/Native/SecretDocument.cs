using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using VboMfaAuth.Json;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Reads JSON documents that hold tokens: the text is decoded into a pinned char array
    /// that is wiped right after parsing, and the token members go straight into
    /// <see cref="SecretBuffer"/>s, so no token becomes a .NET string.
    /// </summary>
    internal static class SecretDocument
    {
        /// <summary>The members of a token document that are secrets.</summary>
        internal static readonly string[] TokenNames = { "access_token", "refresh_token" };

        private static readonly string[] NoNames = Array.Empty<string>();

        /// <summary>Reads a NUL-terminated UTF-8 document the library handed out (still owned by the caller).</summary>
        internal static unsafe TopLevelObject FromNative(IntPtr json)
        {
            byte* bytes = (byte*)json;
            int length = Utf8.Length(bytes);
            int count = Encoding.UTF8.GetCharCount(bytes, length);
            var chars = new char[count];
            GCHandle pin = GCHandle.Alloc(chars, GCHandleType.Pinned);
            try
            {
                Encoding.UTF8.GetChars(bytes, length, (char*)pin.AddrOfPinnedObject(), count);
                return JsonReader.ParseTopLevel(chars, count, TokenNames, NoNames);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                pin.Free();
            }
        }

        /// <summary>Reads a document a caller gave as a string (an exported session).</summary>
        internal static TopLevelObject FromString(string json)
        {
            var chars = new char[json.Length];
            GCHandle pin = GCHandle.Alloc(chars, GCHandleType.Pinned);
            try
            {
                json.CopyTo(0, chars, 0, json.Length);
                return JsonReader.ParseTopLevel(chars, chars.Length, TokenNames, NoNames);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                pin.Free();
            }
        }

        /// <summary>Reads a document without secrets, keeping the named members as exact JSON text.</summary>
        internal static TopLevelObject WithRawMembers(string json, ICollection<string> rawNames) =>
            WithRawMembers(json.ToCharArray(), rawNames);

        /// <summary>The same, from characters (read, never changed).</summary>
        internal static TopLevelObject WithRawMembers(char[] json, ICollection<string> rawNames) =>
            JsonReader.ParseTopLevel(json, json.Length, NoNames, rawNames);
    }
}
