using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>
    /// NativeMethods and VboMfaStatus match include/vbo_mfa_auth.h exactly, so a change of the
    /// C ABI fails here rather than corrupting memory at run time.
    /// </summary>
    public sealed class HeaderDriftTests
    {
        private static readonly string Header = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vbo_mfa_auth.h"));

        [Fact]
        public void NativeMethodsMatchTheHeader()
        {
            CHeader header = CHeader.Parse(Header);
            Assert.Equal(11, header.Functions.Count);
            Assert.Equal(14, header.Constants.Count);
            Assert.Empty(AbiComparison.Differences(header));
        }

        [Fact]
        public void TheHeaderIsReadAsC()
        {
            CHeader header = CHeader.Parse(Header);
            Assert.Equal("int32_t vbomfa_start_device_flow(char*, char*, char*, char*, struct VbomfaFlow**, char**)", header.Functions["vbomfa_start_device_flow"].ToString());
            Assert.Equal("int32_t vbomfa_wait_token(struct VbomfaFlow*, uint32_t, char**)", header.Functions["vbomfa_wait_token"].ToString());
            Assert.Equal("char* vbomfa_version()", header.Functions["vbomfa_version"].ToString());
            Assert.Equal("void vbomfa_flow_free(struct VbomfaFlow*)", header.Functions["vbomfa_flow_free"].ToString());
            Assert.Equal(43, header.Constants["VBOMFA_PROTOCOL"]);
        }

        /// <summary>
        /// The header as its owner is about to write it (or as it is, once written): <c>typedef int32_t vbomfa_status;</c>
        /// returned by every status export, and read-only flows as <c>const struct VbomfaFlow *</c>.
        /// The same ABI, so the same declarations.
        /// </summary>
        [Fact]
        public void TheComingHeaderStyleIsTheSameAbi()
        {
            string coming = ComingStyle(Header);
            Assert.Contains("typedef int32_t vbomfa_status;", coming);
            Assert.Contains("vbomfa_status vbomfa_poll_token(const struct VbomfaFlow *flow", coming);
            CHeader today = CHeader.Parse(Header);
            CHeader next = CHeader.Parse(coming);
            Assert.Equal(today.Functions.Values.Select(f => f.ToString()).OrderBy(s => s), next.Functions.Values.Select(f => f.ToString()).OrderBy(s => s));
            Assert.Empty(AbiComparison.Differences(next));
        }

        [Fact]
        public void AChangedParameterTypeIsDrift()
        {
            string changed = Changed(Header.Replace("uint32_t timeout_ms", "uint64_t timeout_ms"));
            string problem = Assert.Single(AbiComparison.Differences(CHeader.Parse(changed)));
            Assert.Contains("vbomfa_wait_token parameter 2 is uint64_t", problem);
        }

        [Fact]
        public void AnExtraParameterIsDrift()
        {
            string changed = Changed(Regex.Replace(Header, @"(vbomfa_cancel_flow\([^)]*)\)", "$1, uint32_t reason)"));
            Assert.Contains("vbomfa_cancel_flow takes 2 parameters but the DllImport 1.", AbiComparison.Differences(CHeader.Parse(changed)));
        }

        [Fact]
        public void ANewExportOrStatusIsDrift()
        {
            string changed = Header + "\nint32_t vbomfa_new_thing(const char *x);\n#define VBOMFA_BUSY 14\n";
            var problems = AbiComparison.Differences(CHeader.Parse(changed));
            Assert.Contains("NativeMethods has no DllImport for vbomfa_new_thing.", problems);
            Assert.Contains("VboMfaStatus has no Busy (= 14).", problems);
        }

        [Fact]
        public void ARenumberedStatusIsDrift()
        {
            string changed = Changed(Header.Replace("#define VBOMFA_TLS 31", "#define VBOMFA_TLS 32"));
            Assert.Contains("VboMfaStatus.Tls is 31 but the header says 32.", AbiComparison.Differences(CHeader.Parse(changed)));
        }

        // The edit must have found its text (the header's style may change under these tests).
        private static string Changed(string edited)
        {
            Assert.NotEqual(Header, edited);
            return edited;
        }

        private static string ComingStyle(string header)
        {
            string text = header.Replace("#include <stdint.h>", "#include <stdint.h>\n\ntypedef int32_t vbomfa_status;");
            text = Regex.Replace(text, @"^int32_t (vbomfa_\w+)\(", "vbomfa_status $1(", RegexOptions.Multiline);
            foreach (string name in new[] { "vbomfa_poll_token", "vbomfa_wait_token", "vbomfa_cancel_flow" })
                text = text.Replace(name + "(struct VbomfaFlow *flow", name + "(const struct VbomfaFlow *flow");
            return text;
        }
    }
}
