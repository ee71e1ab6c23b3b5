using System;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// The one place that takes ownership of a string the library handed out (<c>out_json</c>)
    /// and releases it with <c>vbomfa_string_free</c> (which zeroes it). Every native call
    /// with an <c>out_json</c> goes through <see cref="Call{T}"/>.
    /// </summary>
    internal static class OwnedJson
    {
        /// <summary>A native call that writes <c>*out_json</c> and returns a status.</summary>
        internal delegate int JsonCall(out IntPtr json);

        /// <summary>
        /// Runs <paramref name="call"/>, lets <paramref name="read"/> look at the status and the
        /// returned string while it is alive, then frees the string, whatever happened.
        /// </summary>
        internal static T Call<T>(JsonCall call, Func<int, IntPtr, T> read)
        {
            NativeLibraryLoader.EnsureLoaded();
            IntPtr json = IntPtr.Zero;
            NativeLedger.CallStarted();
            try
            {
                int status = call(out json);
                NativeLedger.StringReceived(json);
                return read(status, json);
            }
            finally
            {
                Free(json);
                NativeLedger.CallEnded();
            }
        }

        /// <summary>Runs <paramref name="call"/>; its document, which holds no secret, as text.</summary>
        internal static NativeResult Call(JsonCall call) =>
            Call(call, NativeResult.FromNative);

        /// <summary>Releases a string the library handed out; null is allowed.</summary>
        internal static void Free(IntPtr json)
        {
            if (json == IntPtr.Zero) return;
            NativeMethods.vbomfa_string_free(json);
            NativeLedger.StringFreed();
        }
    }
}
