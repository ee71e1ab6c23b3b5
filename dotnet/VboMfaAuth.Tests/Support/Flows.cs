using System.Threading;
using System.Threading.Tasks;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>Short forms of the sign-in used by many tests.</summary>
    public static class Flows
    {
        /// <summary>The whole sign-in, showing nothing.</summary>
        public static Task<VboSession> SignInAsync(this VboMfaClient client, CancellationToken ct = default) =>
            client.SignInWithDeviceCodeAsync(_ => Task.CompletedTask, ct);
    }
}
