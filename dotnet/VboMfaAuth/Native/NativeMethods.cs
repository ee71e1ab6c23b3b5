using System;
using System.Runtime.InteropServices;
using System.Security;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// The C ABI of include/vbo_mfa_auth.h: one declaration per export, named exactly as in C.
    /// HeaderDriftTests compares this class with the header, so a change there fails a test.
    /// </summary>
    /// <remarks>
    /// Marshalling, the same on .NET Framework, Mono and .NET:
    /// <list type="bullet">
    /// <item><c>const char *</c> arguments are NUL-terminated UTF-8 <c>byte[]</c>s made by
    /// <see cref="Utf8"/> (pinned for the call, never copied), a <see cref="SecretBuffer"/>
    /// for tokens (unmanaged memory, wiped when released), or an <see cref="IntPtr"/> to a
    /// string the library handed out (the sign-in result, passed straight back).</item>
    /// <item><c>char **out_json</c> is <c>out IntPtr</c>: the caller owns the string and
    /// frees it with <see cref="vbomfa_string_free"/> in a <c>finally</c>
    /// (<see cref="OwnedJson"/> does this).</item>
    /// <item><c>VbomfaFlow *</c> is a <see cref="FlowHandle"/>: the marshaller adds a
    /// reference for the duration of each call, so a flow is never freed while a call on it
    /// runs; <see cref="vbomfa_flow_free"/> takes the raw pointer (only
    /// <see cref="FlowHandle.ReleaseHandle"/> calls it).</item>
    /// <item>Every call blocks the calling thread; VboMfaClient runs them on the thread pool.</item>
    /// <item>Nothing here loads the library: <see cref="NativeCalls"/> calls
    /// <see cref="NativeLibraryLoader.EnsureLoaded"/> first, which finds the file and
    /// throws <see cref="VboMfaNativeLibraryException"/> naming the paths it tried.</item>
    /// </list>
    /// </remarks>
    [SuppressUnmanagedCodeSecurity]
    internal static class NativeMethods
    {
        /// <summary>The library's name without prefix or extension (vbo_mfa_auth.dll,
        /// libvbo_mfa_auth.so, libvbo_mfa_auth.dylib).</summary>
        internal const string LibraryName = "vbo_mfa_auth";

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_start_device_flow(
            byte[] tenant, byte[]? clientId, byte[]? scope, byte[]? optionsJson,
            out FlowHandle outFlow, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_poll_token(FlowHandle flow, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_wait_token(FlowHandle flow, uint timeoutMs, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_cancel_flow(FlowHandle flow);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void vbomfa_flow_free(IntPtr flow);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr vbomfa_version();

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr vbomfa_status_name(int status);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void vbomfa_string_free(IntPtr s);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_exchange_vbo_token(
            byte[] vboUrl, byte[] organization, IntPtr assertionJson, byte[]? optionsJson,
            out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_refresh_vbo_token(
            byte[] vboUrl, SecretBuffer refreshToken, byte[]? optionsJson, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int vbomfa_vbo_request(
            byte[] vboUrl, SecretBuffer accessToken, byte[] method, byte[] path, byte[]? bodyJson,
            byte[]? optionsJson, out IntPtr outJson);
    }
}
