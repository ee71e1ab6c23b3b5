using System;
using VboMfaAuth.Simulator;
using Xunit;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>
    /// A simulator per test class (xunit class fixture), configured by the subclass's switches.
    /// Fast settings: 1 s polling interval, approval as soon as the code is issued.
    /// </summary>
    public abstract class SimFixture : IDisposable
    {
        protected SimFixture(params string[] switches)
        {
            Process = SimulatorProcess.Start(switches);
        }

        public SimulatorProcess Process { get; }

        public VboMfaClient Client(VboMfaOptions? options = null) =>
            new VboMfaClient(Process.VboUrl, Process.Organization, options ?? Process.Options());

        public void Dispose() => Process.Dispose();
    }

    /// <summary>Approves every sign-in at once; 1 s interval.</summary>
    public sealed class ApprovingSim : SimFixture
    {
        public ApprovingSim()
            : base("--interval", "1", "--approve-after-ms", "0")
        {
        }
    }

    /// <summary>Never approves: a sign-in waits until cancelled or expired.</summary>
    public sealed class ManualSim : SimFixture
    {
        public ManualSim()
            : base("--interval", "1", "--manual")
        {
        }
    }
}
