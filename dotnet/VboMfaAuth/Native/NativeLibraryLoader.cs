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
            string? overridePath = NativeLibraryCandidates.OverridePath();
            IEnumerable<string> paths = overridePath != null
                ? new[] { overridePath }
                : NativeLibraryCandidates.Paths(NativeLibraryCandidates.AssemblyDirectory(), AppDomain.CurrentDomain.BaseDirectory);
            IntPtr h = LoadFirst(paths, trySystemSearch: overridePath == null, out string from);
            Use(h, from);
        }

        /// <summary>
        /// Loads the first of <paramref name="paths"/> that exists and loads, else (when
        /// <paramref name="trySystemSearch"/>) the file name through the system's own search
        /// (LD_LIBRARY_PATH, PATH, the application folder). Throws
        /// <see cref="VboMfaNativeLibraryException"/> listing each place and why it failed.
        /// </summary>
        internal static IntPtr LoadFirst(IEnumerable<string> paths, bool trySystemSearch, out string loadedFrom)
        {
            var tried = new List<string>();
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
                    loadedFrom = path;
                    return h;
                }
                tried.Add(path + " (found, but it did not load: " + error + ")");
            }
            if (trySystemSearch)
            {
                string name = NativeLibraryCandidates.FileName;
                IntPtr h = PlatformLibrary.TryLoad(name, out string? error);
                if (h != IntPtr.Zero)
                {
                    loadedFrom = name;
                    return h;
                }
                tried.Add(name + " through the system's search (" + error + ")");
            }
            throw new VboMfaNativeLibraryException(NativeLibraryCandidates.FileName, NativeLibraryCandidates.RuntimeIdentifier, !trySystemSearch, tried);
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
