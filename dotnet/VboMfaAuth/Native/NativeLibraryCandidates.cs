using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Where the native library may be, in the order they are tried: the assembly's own folder
    /// (how a PowerShell module or an application output ships it), the NuGet layout
    /// <c>runtimes/&lt;rid&gt;/native/</c> below it, the package root seen from
    /// <c>lib/netstandard2.0/</c>, the application's base folder, then the system's own search.
    /// </summary>
    internal static class NativeLibraryCandidates
    {
        /// <summary>Environment variable naming the library file explicitly (then nothing else is tried).</summary>
        internal const string OverrideVariable = "VBOMFA_NATIVE_LIBRARY";

        /// <summary>The file name on this operating system.</summary>
        internal static string FileName
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return NativeMethods.LibraryName + ".dll";
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return "lib" + NativeMethods.LibraryName + ".dylib";
                return "lib" + NativeMethods.LibraryName + ".so";
            }
        }

        /// <summary>The .NET runtime identifier of this process: win-x64, linux-x64, osx-arm64, ...</summary>
        internal static string RuntimeIdentifier
        {
            get
            {
                string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                    : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                    : "linux";
                string arch = RuntimeInformation.ProcessArchitecture switch
                {
                    Architecture.X64 => "x64",
                    Architecture.X86 => "x86",
                    Architecture.Arm64 => "arm64",
                    Architecture.Arm => "arm",
                    var other => other.ToString().ToLowerInvariant(),
                };
                return os + "-" + arch;
            }
        }

        /// <summary>
        /// The full paths to try, without duplicates. <paramref name="assemblyDirectory"/> is
        /// null when the assembly was loaded from bytes (it then has no folder).
        /// </summary>
        internal static IReadOnlyList<string> Paths(string? assemblyDirectory, string? baseDirectory)
        {
            string file = FileName;
            string rid = RuntimeIdentifier;
            var paths = new List<string>();
            void Add(params string[] parts)
            {
                string path = Path.GetFullPath(Path.Combine(parts));
                if (!paths.Contains(path)) paths.Add(path);
            }
            foreach (string? root in new[] { assemblyDirectory, baseDirectory })
            {
                if (string.IsNullOrEmpty(root)) continue;
                Add(root!, file);
                Add(root!, "runtimes", rid, "native", file);
                if (root == assemblyDirectory) Add(root!, "..", "..", "runtimes", rid, "native", file);
            }
            return paths;
        }

        /// <summary>The folder of the assembly that holds this class, or null.</summary>
        internal static string? AssemblyDirectory()
        {
            string location = typeof(NativeLibraryCandidates).Assembly.Location;
            return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
        }

        /// <summary>The explicit path from <see cref="OverrideVariable"/>, or null.</summary>
        internal static string? OverridePath()
        {
            string? value = Environment.GetEnvironmentVariable(OverrideVariable);
            return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value!.Trim());
        }
    }
}
