using System;
using System.Net;
using System.Net.Sockets;
using VboMfaAuth.Simulator;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>
    /// A simulator (vbomfa sim) per test class (xunit class fixture), with the subclass's
    /// switches. Fast settings: a 1 s polling interval.
    /// </summary>
    public abstract class SimFixture : IDisposable
    {
        protected SimFixture(params string[] switches)
        {
            Process = SimulatorProcess.Start(switches);
            Control = Process.Control();
        }

        public SimulatorProcess Process { get; }

        public SimulatorControl Control { get; }

        /// <summary>A fresh sign-in, exported (the session itself is disposed).</summary>
        public async System.Threading.Tasks.Task<string> ExportedSessionAsync()
        {
            using VboSession session = await Client().SignInAsync();
            return session.ExportSecretJson();
        }

        /// <summary>A client for the first organization, trusting the simulator's CA.</summary>
        public VboMfaClient Client(VboMfaOptions? options = null) =>
            new VboMfaClient(Process.VboUrl, Process.Organization, options ?? Process.Options());

        public void Dispose()
        {
            Control.Dispose();
            Process.Dispose();
        }
    }

    /// <summary>Approves every sign-in as soon as its code is issued.</summary>
    public sealed class ApprovingSim : SimFixture
    {
        public ApprovingSim()
            : base("--interval", "1", "--approve-after-ms", "0")
        {
        }
    }

    /// <summary>Never approves by itself: a sign-in waits until cancelled, approved through the control API, or expired.</summary>
    public sealed class ManualSim : SimFixture
    {
        public ManualSim()
            : base("--interval", "1", "--manual")
        {
        }
    }

    /// <summary>Declines every sign-in at its first poll.</summary>
    public sealed class DecliningSim : SimFixture
    {
        public DecliningSim()
            : base("--interval", "1", "--decline")
        {
        }
    }

    /// <summary>Codes expire after 2 s and nobody approves.</summary>
    public sealed class ExpiringSim : SimFixture
    {
        public ExpiringSim()
            : base("--interval", "1", "--manual", "--expires-in", "2")
        {
        }
    }

    /// <summary>VBO has tenant authentication with organization credentials turned off.</summary>
    public sealed class TenantAuthDisabledSim : SimFixture
    {
        public TenantAuthDisabledSim()
            : base("--interval", "1", "--approve-after-ms", "0", "--tenant-auth-disabled")
        {
        }
    }

    /// <summary>20 organizations, approving at once.</summary>
    public sealed class TwentyTenantSim : SimFixture
    {
        public TwentyTenantSim()
            : base("--interval", "1", "--approve-after-ms", "0", "--tenants", "20")
        {
        }
    }

    /// <summary>A self-signed certificate like the one VBO's REST API settings wizard makes.</summary>
    public sealed class SelfSignedSim : SimFixture
    {
        public SelfSignedSim()
            : base("--interval", "1", "--approve-after-ms", "0", "--self-signed")
        {
        }
    }

    /// <summary>Ports and addresses for failure tests.</summary>
    public static class Ports
    {
        /// <summary>A port on 127.0.0.1 where nothing listens (bound, then released).</summary>
        public static int Closed()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
