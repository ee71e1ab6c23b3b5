using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using VboMfaAuth.Native;
using Xunit;

namespace VboMfaAuth.Tests.ProcessWide
{
    /// <summary>
    /// The native library is found without PATH or LD_LIBRARY_PATH: next to the assembly, in
    /// a NuGet package's runtimes/&lt;rid&gt;/native/, or where VBOMFA_NATIVE_LIBRARY says;
    /// and a clear exception names every path tried when it is absent. Copies of the assembly
    /// are loaded into their own AssemblyLoadContexts, so each finds the library afresh.
    /// </summary>
    [Collection(ProcessWideCollection.Name)]
    public sealed class NativeLoadingTests : IDisposable
    {
        private static readonly string Library = Path.Combine(AppContext.BaseDirectory, "libvbo_mfa_auth.so");
        private static readonly string Assembly_ = typeof(VboMfaClient).Assembly.Location;
        private readonly string root = Path.Combine(Path.GetTempPath(), "vbomfa-loading-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public void TheTestsLoadItFromTheAssemblysFolder()
        {
            Assert.Equal(Library, VboMfaClient.NativeLibraryPath);
            Assert.Equal(Path.GetDirectoryName(Assembly_), Path.GetDirectoryName(VboMfaClient.NativeLibraryPath));
        }

        [Fact]
        public void APackageLayoutIsFound()
        {
            string lib = Directory.CreateDirectory(Path.Combine(root, "lib", "netstandard2.0")).FullName;
            string native = Directory.CreateDirectory(Path.Combine(root, "runtimes", NativeLibraryCandidates.RuntimeIdentifier, "native")).FullName;
            File.Copy(Assembly_, Path.Combine(lib, "VboMfaAuth.dll"));
            File.Copy(Library, Path.Combine(native, "libvbo_mfa_auth.so"));
            Type client = LoadCopy(Path.Combine(lib, "VboMfaAuth.dll"));
            Assert.Equal(Path.Combine(native, "libvbo_mfa_auth.so"), Static(client, "NativeLibraryPath"));
            Assert.Equal(VboMfaClient.NativeVersion, Static(client, "NativeVersion"));
        }

        [Fact]
        public void AModuleFolderWithRuntimesBelowItIsFound()
        {
            string module = Directory.CreateDirectory(Path.Combine(root, "VboMfaAuth")).FullName;
            string native = Directory.CreateDirectory(Path.Combine(module, "runtimes", NativeLibraryCandidates.RuntimeIdentifier, "native")).FullName;
            File.Copy(Assembly_, Path.Combine(module, "VboMfaAuth.dll"));
            File.Copy(Library, Path.Combine(native, "libvbo_mfa_auth.so"));
            Type client = LoadCopy(Path.Combine(module, "VboMfaAuth.dll"));
            Assert.Equal(Path.Combine(native, "libvbo_mfa_auth.so"), Static(client, "NativeLibraryPath"));
        }

        [Fact]
        public void TheEnvironmentVariableNamesTheFileExactly()
        {
            string folder = Directory.CreateDirectory(Path.Combine(root, "plain")).FullName;
            File.Copy(Assembly_, Path.Combine(folder, "VboMfaAuth.dll"));
            string missing = Path.Combine(root, "nowhere", "libvbo_mfa_auth.so");
            Environment.SetEnvironmentVariable(NativeLibraryCandidates.OverrideVariable, missing);
            try
            {
                Type client = LoadCopy(Path.Combine(folder, "VboMfaAuth.dll"));
                Exception e = Assert.Throws<TargetInvocationException>(() => Static(client, "NativeVersion")).InnerException!;
                Assert.Equal("VboMfaNativeLibraryException", e.GetType().Name);
                Assert.IsAssignableFrom<DllNotFoundException>(e);
                Assert.Contains(missing + " (not found)", e.Message);
                Assert.Contains(NativeLibraryCandidates.OverrideVariable, e.Message);
            }
            finally
            {
                Environment.SetEnvironmentVariable(NativeLibraryCandidates.OverrideVariable, null);
            }
        }

        [Fact]
        public void AbsentEverywhereIsAnExceptionNamingEveryPathTried()
        {
            string[] paths = NativeLibraryCandidates.Paths(Path.Combine(root, "app", "lib", "netstandard2.0"), Path.Combine(root, "host")).ToArray();
            var e = Assert.Throws<VboMfaNativeLibraryException>(() => NativeLibraryLoader.LoadFirst(paths, trySystemSearch: false, out _));
            Assert.Equal(paths.Select(p => p + " (not found)"), e.PathsTried);
            foreach (string p in paths) Assert.Contains(p, e.Message);
            Assert.Equal("libvbo_mfa_auth.so", e.FileName);
            Assert.Equal(NativeLibraryCandidates.RuntimeIdentifier, e.RuntimeIdentifier);
        }

        [Fact]
        public void AFileThatDoesNotLoadIsReportedWithTheReason()
        {
            string broken = Path.Combine(Directory.CreateDirectory(root).FullName, "libvbo_mfa_auth.so");
            File.WriteAllText(broken, "not a shared object");
            var e = Assert.Throws<VboMfaNativeLibraryException>(() => NativeLibraryLoader.LoadFirst(new[] { broken }, trySystemSearch: false, out _));
            Assert.StartsWith(broken + " (found, but it did not load: ", Assert.Single(e.PathsTried));
        }

        [Fact]
        public void TheAssemblyReferencesNothingButNetStandard()
        {
            // No System.Text.Json, System.Memory, ...: nothing a host would need a binding redirect for.
            Assert.Equal(new[] { "netstandard" }, typeof(VboMfaClient).Assembly.GetReferencedAssemblies().Select(a => a.Name));
        }

        [Fact]
        public void TheCandidatesComeInOrder()
        {
            string rid = NativeLibraryCandidates.RuntimeIdentifier;
            Assert.Equal(
                new[]
                {
                    "/m/libvbo_mfa_auth.so",
                    "/m/runtimes/" + rid + "/native/libvbo_mfa_auth.so",
                    "/runtimes/" + rid + "/native/libvbo_mfa_auth.so",
                    "/app/libvbo_mfa_auth.so",
                    "/app/runtimes/" + rid + "/native/libvbo_mfa_auth.so",
                },
                NativeLibraryCandidates.Paths("/m", "/app"));
            Assert.Equal(3, NativeLibraryCandidates.Paths("/same", "/same").Count);
            Assert.Equal(2, NativeLibraryCandidates.Paths(null, "/app").Count);
        }

        private static Type LoadCopy(string path)
        {
            var context = new AssemblyLoadContext("copy-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            return context.LoadFromAssemblyPath(path).GetType("VboMfaAuth.VboMfaClient", throwOnError: true)!;
        }

        private static object? Static(Type type, string property) => type.GetProperty(property)!.GetValue(null);

        public void Dispose()
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
