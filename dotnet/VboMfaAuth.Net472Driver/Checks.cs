using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Native;
using VboMfaAuth.Simulator;

namespace VboMfaAuth.Net472Driver
{
    /// <summary>
    /// What Windows PowerShell 5.1 relies on, on a .NET Framework-profile runtime: the library
    /// loads from the assembly's folder, UTF-8 crosses both ways, SafeHandles free flows,
    /// strings are released, cancellation reaches the native flow, errors carry their hints.
    /// </summary>
    internal sealed class Checks
    {
        private readonly SimulatorProcess approving;
        private readonly SimulatorProcess manual;

        internal Checks(SimulatorProcess approving, SimulatorProcess manual)
        {
            this.approving = approving;
            this.manual = manual;
        }

        internal IEnumerable<KeyValuePair<string, Func<Task>>> All()
        {
            yield return Check("the native library loads from the assembly's folder", LoadsFromAssemblyFolder);
            yield return Check("sign-in, GET (async and on the calling thread), refresh, export/import, logout", WholeFlow);
            yield return Check("five sign-ins at once", FiveAtOnce);
            yield return Check("non-ASCII text crosses as UTF-8 both ways", Utf8BothWays);
            yield return Check("an identity-platform error carries its code and hint", IdentityError);
            yield return Check("a CancellationToken cancels the native flow within 200 ms", Cancellation);
            yield return Check("a declined sign-in is a VboMfaSignInException", Declined);
            yield return Check("no flow, string or token buffer is left behind", NothingLeftBehind);
        }

        private static KeyValuePair<string, Func<Task>> Check(string name, Func<Task> run) => new KeyValuePair<string, Func<Task>>(name, run);

        private VboMfaClient Client(SimulatorProcess sim) => new VboMfaClient(sim.VboUrl, sim.Organization, sim.Options());

        private static Task<VboSession> SignIn(VboMfaClient client, CancellationToken ct = default) =>
            client.SignInWithDeviceCodeAsync(_ => Task.FromResult(0), ct);

        private static Task LoadsFromAssemblyFolder()
        {
            string folder = Path.GetDirectoryName(typeof(VboMfaClient).Assembly.Location)!;
            Expect(VboMfaClient.NativeLibraryPath == Path.Combine(folder, NativeLibraryCandidates.FileName), "loaded from " + VboMfaClient.NativeLibraryPath);
            return Task.FromResult(0);
        }

        private async Task WholeFlow()
        {
            string? code = null;
            VboSession session = await Client(approving).SignInWithDeviceCodeAsync(c =>
            {
                code = c.UserCode;
                return Task.FromResult(0);
            });
            Expect(!string.IsNullOrEmpty(code), "no user code was shown");
            Expect(session.UserName == approving.User, "user " + session.UserName);
            VboResponse org = await session.GetAsync("/Organization");
            Expect(org.StatusCode == 200 && org.Body!.Contains(approving.Organization), "GET /Organization: " + org.Body);
            VboResponse sameThread = session.Get("/Organization");
            Expect(sameThread.StatusCode == 200 && sameThread.Body == org.Body, "Get on the calling thread: " + sameThread.Body);
            string before = session.GetAccessToken();
            await session.RefreshAsync();
            Expect(session.GetAccessToken() != before, "the refresh did not change the token");
            using (VboSession copy = VboSession.ImportSecretJson(session.ExportSecretJson()))
                Expect((await copy.GetAsync("/Organization")).StatusCode == 200, "the imported session failed");
            await session.LogoutAsync();
            await ExpectThrows<ObjectDisposedException>(() => session.GetAsync("/Organization"));
        }

        private async Task FiveAtOnce()
        {
            VboSession[] sessions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SignIn(Client(approving))));
            Expect(sessions.Select(s => s.GetAccessToken()).Distinct().Count() == 5, "tokens are not distinct");
            foreach (VboSession s in sessions) s.Dispose();
        }

        private async Task Utf8BothWays()
        {
            const string organization = "Zoë-Müller-日本.onmicrosoft.com";
            var client = new VboMfaClient(approving.VboUrl, organization, approving.Options()) { Tenant = approving.Organization };
            VboMfaServerException e = await ExpectThrows<VboMfaServerException>(() => SignIn(client));
            Expect(e.Hint != null && e.Hint.Contains("'" + organization + "'"), "hint: " + e.Hint);
        }

        private async Task IdentityError()
        {
            VboMfaClient client = Client(approving);
            client.ClientId = "11111111-2222-3333-4444-555555555555";
            VboMfaIdentityException e = await ExpectThrows<VboMfaIdentityException>(() => SignIn(client));
            Expect(e.ErrorCodes.Contains(7000218L) && e.Hint != null && e.HttpStatus == 401 && e.TraceId != null, e.ToString());
        }

        private async Task Cancellation()
        {
            using (PendingSignIn pending = await Client(manual).StartDeviceLoginAsync())
            using (var cts = new CancellationTokenSource())
            {
                Task<VboSession> waiting = pending.WaitForTokenAsync(cts.Token);
                await Task.Delay(1500); // past the first poll
                var clock = Stopwatch.StartNew();
                cts.Cancel();
                await ExpectThrows<OperationCanceledException>(() => waiting);
                Expect(clock.ElapsedMilliseconds < 200, "returned after " + clock.ElapsedMilliseconds + " ms");
                using (SignInStep step = NativeCalls.PollAndExchange(pending.Flow, pending.ExchangeTarget))
                    Expect(step.Poll!.Status == (int)VboMfaStatus.Cancelled, "the native flow answered " + step.Poll.Status);
            }
        }

        private async Task Declined()
        {
            using (SimulatorControl control = manual.Control())
            using (PendingSignIn pending = await Client(manual).StartDeviceLoginAsync())
            {
                await control.DeclineAsync(pending.DeviceCode.UserCode);
                VboMfaSignInException e = await ExpectThrows<VboMfaSignInException>(() => pending.WaitForTokenAsync());
                Expect(e.Status == VboMfaStatus.Declined && e.StatusName == "VBOMFA_DECLINED", e.ToString());
            }
        }

        private static async Task NothingLeftBehind()
        {
            var clock = Stopwatch.StartNew();
            while (NativeLedger.LiveFlows + NativeLedger.UnfreedStrings + NativeLedger.LiveSecrets != 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
                await Task.Delay(50);
            Expect(NativeLedger.LiveFlows == 0 && NativeLedger.UnfreedStrings == 0 && NativeLedger.LiveSecrets == 0,
                "flows " + NativeLedger.LiveFlows + ", strings " + NativeLedger.UnfreedStrings + ", token buffers " + NativeLedger.LiveSecrets);
            Expect(NativeLedger.StringsReceived > 20, "only " + NativeLedger.StringsReceived + " strings were counted");
        }

        private static void Expect(bool condition, string otherwise)
        {
            if (!condition) throw new InvalidOperationException(otherwise);
        }

        private static async Task<T> ExpectThrows<T>(Func<Task> action)
            where T : Exception
        {
            try
            {
                await action();
            }
            catch (T e)
            {
                return e;
            }
            throw new InvalidOperationException("expected " + typeof(T).Name);
        }
    }
}
