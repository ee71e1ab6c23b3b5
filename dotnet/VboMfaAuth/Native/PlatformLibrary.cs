using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Loads a native library by full path, with what this runtime offers:
    /// <list type="bullet">
    /// <item>.NET Core 3+ / .NET 5+: <c>NativeLibrary.Load</c> (reached by reflection, since
    /// netstandard2.0 does not declare it), and a DllImport resolver for this assembly that
    /// hands out that handle;</item>
    /// <item>.NET Framework on Windows: <c>LoadLibraryExW</c>; a later DllImport of the same
    /// module name finds the module already loaded;</item>
    /// <item>Mono on Linux and macOS: <c>dlopen</c>; Mono's own lookup of
    /// <c>libvbo_mfa_auth.so</c> then matches the loaded library by its SONAME.</item>
    /// </list>
    /// </summary>
    internal static class PlatformLibrary
    {
        private static readonly Type? NativeLibraryType =
            typeof(object).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);

        /// <summary>True on runtimes with System.Runtime.InteropServices.NativeLibrary.</summary>
        internal static bool HasNativeLibrary => NativeLibraryType != null;

        /// <summary>Loads the file; on failure returns IntPtr.Zero and the reason.</summary>
        internal static IntPtr TryLoad(string path, out string? error)
        {
            error = null;
            try
            {
                if (NativeLibraryType != null) return LoadWithNativeLibrary(path);
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return LoadWithKernel32(path, out error);
                return LoadWithDlopen(path, out error);
            }
            catch (Exception e) when (e is DllNotFoundException || e is BadImageFormatException || e is EntryPointNotFoundException)
            {
                error = e.Message;
                return IntPtr.Zero;
            }
        }

        /// <summary>
        /// Makes DllImports of <paramref name="assembly"/> use <paramref name="resolve"/>
        /// (.NET Core 3+ only; elsewhere the preloaded module is found by name). False when
        /// another resolver was already set for it.
        /// </summary>
        internal static bool SetResolver(Assembly assembly, Func<string, IntPtr> resolve)
        {
            if (NativeLibraryType == null) return false;
            Type? resolverType = typeof(object).Assembly.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: false);
            MethodInfo? set = resolverType == null ? null
                : NativeLibraryType.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), resolverType });
            if (resolverType == null || set == null) return false;
            var target = new ResolverTarget(resolve);
            MethodInfo invoke = typeof(ResolverTarget).GetMethod(nameof(ResolverTarget.Resolve))!;
            Delegate resolver = Delegate.CreateDelegate(resolverType, target, invoke);
            try
            {
                set.Invoke(null, new object[] { assembly, resolver });
                return true;
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
            {
                return false;
            }
        }

        private sealed class ResolverTarget
        {
            private readonly Func<string, IntPtr> resolve;

            internal ResolverTarget(Func<string, IntPtr> resolve) => this.resolve = resolve;

            // Signature of System.Runtime.InteropServices.DllImportResolver.
            public IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
                resolve(libraryName);
        }

        private static IntPtr LoadWithNativeLibrary(string path)
        {
            MethodInfo load = NativeLibraryType!.GetMethod("Load", new[] { typeof(string) })!;
            try
            {
                return (IntPtr)load.Invoke(null, new object[] { path })!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException is DllNotFoundException or BadImageFormatException
                    ? e.InnerException
                    : new DllNotFoundException(e.InnerException.Message, e.InnerException);
            }
        }

        private const uint LoadWithAlteredSearchPath = 0x00000008;

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
        private static extern IntPtr LoadLibraryExW(string path, IntPtr file, uint flags);

        private static IntPtr LoadWithKernel32(string path, out string? error)
        {
            // The flag is defined for full paths only; a bare name gets the standard search.
            uint flags = System.IO.Path.IsPathRooted(path) ? LoadWithAlteredSearchPath : 0;
            IntPtr handle = LoadLibraryExW(path, IntPtr.Zero, flags);
            error = handle == IntPtr.Zero ? "Windows error " + Marshal.GetLastWin32Error() : null;
            return handle;
        }

        private const int RtldNow = 2;

        [DllImport("libdl.so.2", EntryPoint = "dlopen", ExactSpelling = true)]
        private static extern IntPtr DlopenLinux(string path, int flags);

        [DllImport("libdl.so.2", EntryPoint = "dlerror", ExactSpelling = true)]
        private static extern IntPtr DlerrorLinux();

        [DllImport("/usr/lib/libSystem.dylib", EntryPoint = "dlopen", ExactSpelling = true)]
        private static extern IntPtr DlopenMac(string path, int flags);

        [DllImport("/usr/lib/libSystem.dylib", EntryPoint = "dlerror", ExactSpelling = true)]
        private static extern IntPtr DlerrorMac();

        private static IntPtr LoadWithDlopen(string path, out string? error)
        {
            bool mac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
            IntPtr handle = mac ? DlopenMac(path, RtldNow) : DlopenLinux(path, RtldNow);
            error = null;
            if (handle == IntPtr.Zero)
            {
                IntPtr message = mac ? DlerrorMac() : DlerrorLinux();
                error = message == IntPtr.Zero ? "dlopen failed" : Utf8.ToStringFromStatic(message);
            }
            return handle;
        }
    }
}
