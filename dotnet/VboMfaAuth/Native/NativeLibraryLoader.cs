using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Finds and loads the native library once per process (per copy of this assembly), before
    /// the first call: no PATH or LD_LIBRARY_PATH needed. Throws
    /// <see cref="VboMfaNativeLibraryException"/> naming every path tried when it is absent.
    /// </summary>
    internal static class NativeLibraryLoader
    {
        private static readonly object Gate = new object();
        private static IntPtr handle;
        private static int loaded;

        /// <summary>The full path the library was loaded from, or the system search's name.</summary>
        internal static string? LoadedFrom { get; private set; }

        /// <summary>Loads the library unless that happened already; thread-safe.</summary>
        internal static void EnsureLoaded()
        {
            if (Volatile.Read(ref loaded) == 1) return;
            lock (Gate)
            {
                if (loaded == 1) return;
                Load();
                Volatile.Write(ref loaded, 1);
            }
        }

        private static void Load()
        {
            var tried = new List<string>();
            string? overridePath = NativeLibraryCandidates.OverridePath();
            IEnumerable<string> paths = overridePath != null
                ? new[] { overridePath }
                : NativeLibraryCandidates.Paths(NativeLibraryCandidates.AssemblyDirectory(), AppDomain.CurrentDomain.BaseDirectory);
            foreach (string path in paths)
            {
                if (!File.Exists(path))
                {
                    tried.Add(path + " (not found)");
                    continue;
                }
                IntPtr h = PlatformLibrary.TryLoad(path, out string? error);
                if (h != IntPtr.Zero)
                {
                    Use(h, path);
                    return;
                }
                tried.Add(path + " (found, but it did not load: " + error + ")");
            }
            if (overridePath == null)
            {
                // Last resort: the system's own search (LD_LIBRARY_PATH, PATH, the application folder).
                string name = NativeLibraryCandidates.FileName;
                IntPtr h = PlatformLibrary.TryLoad(name, out string? error);
                if (h != IntPtr.Zero)
                {
                    Use(h, name);
                    return;
                }
                tried.Add(name + " through the system's search (" + error + ")");
            }
            throw new VboMfaNativeLibraryException(NativeLibraryCandidates.FileName, NativeLibraryCandidates.RuntimeIdentifier, overridePath != null, tried);
        }

        private static void Use(IntPtr h, string from)
        {
            handle = h;
            LoadedFrom = from;
            PlatformLibrary.SetResolver(typeof(NativeLibraryLoader).Assembly,
                name => name == NativeMethods.LibraryName ? handle : IntPtr.Zero);
        }
    }
}
