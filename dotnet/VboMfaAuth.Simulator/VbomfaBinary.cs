using System;
using System.IO;
using System.Runtime.InteropServices;

namespace VboMfaAuth.Simulator
{
    /// <summary>Finds the <c>vbomfa</c> program, which runs the simulator.</summary>
    public static class VbomfaBinary
    {
        /// <summary>The environment variable that names it explicitly.</summary>
        public const string Variable = "VBOMFA_BIN";

        /// <summary>
        /// <c>$VBOMFA_BIN</c>; else target/debug/vbomfa or target/release/vbomfa of the
        /// repository this program runs from (found by walking up from its folder to
        /// Cargo.toml); else "vbomfa" from PATH.
        /// </summary>
        public static string Find()
        {
            string? explicitPath = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                if (!File.Exists(explicitPath)) throw new FileNotFoundException(Variable + " names " + explicitPath + ", which does not exist.");
                return explicitPath!;
            }
            string exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "vbomfa.exe" : "vbomfa";
            for (var dir = new DirectoryInfo(AppDomain.CurrentDomain.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Cargo.toml"))) continue;
                foreach (string profile in new[] { "debug", "release" })
                {
                    string candidate = Path.Combine(dir.FullName, "target", profile, exe);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return exe;
        }
    }
}
