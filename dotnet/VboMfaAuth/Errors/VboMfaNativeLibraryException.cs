using System;
using System.Collections.Generic;
using System.Text;

namespace VboMfaAuth
{
    /// <summary>
    /// The native library vbo_mfa_auth could not be found or loaded. The message lists every
    /// path tried and what to do; a <see cref="DllNotFoundException"/>, so code that already
    /// catches that keeps working.
    /// </summary>
    public sealed class VboMfaNativeLibraryException : DllNotFoundException
    {
        internal VboMfaNativeLibraryException(string fileName, string runtimeIdentifier, bool fromOverride, IReadOnlyList<string> pathsTried)
            : base(Describe(fileName, runtimeIdentifier, fromOverride, pathsTried))
        {
            FileName = fileName;
            RuntimeIdentifier = runtimeIdentifier;
            PathsTried = pathsTried;
        }

        /// <summary>The library's file name on this system, e.g. libvbo_mfa_auth.so.</summary>
        public string FileName { get; }

        /// <summary>This process's runtime identifier, e.g. linux-x64.</summary>
        public string RuntimeIdentifier { get; }

        /// <summary>Every place tried, in order, each with why it failed.</summary>
        public IReadOnlyList<string> PathsTried { get; }

        private static string Describe(string fileName, string rid, bool fromOverride, IReadOnlyList<string> tried)
        {
            var text = new StringBuilder();
            text.Append("The native library ").Append(fileName).Append(" (").Append(rid)
                .Append(") could not be loaded. Tried:");
            foreach (string path in tried) text.Append("\n  ").Append(path);
            text.Append('\n');
            if (fromOverride)
            {
                text.Append("The environment variable ").Append(Native.NativeLibraryCandidates.OverrideVariable)
                    .Append(" names that file: correct it, or remove it to search the usual places.");
            }
            else
            {
                text.Append("Put ").Append(fileName).Append(" next to VboMfaAuth.dll, or reference the VboMfaAuth package, whose runtimes/")
                    .Append(rid).Append("/native/ folder holds it (a build for ").Append(rid)
                    .Append(" must exist: cargo build --release -p vbo_mfa_auth on such a machine).");
            }
            return text.ToString();
        }
    }
}
