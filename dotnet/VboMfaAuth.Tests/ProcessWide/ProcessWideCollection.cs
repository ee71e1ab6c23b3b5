using Xunit;

namespace VboMfaAuth.Tests.ProcessWide
{
    /// <summary>
    /// Tests that read process-wide state (the native ledger, the thread pool, environment
    /// variables): xunit runs this collection alone, after the parallel ones.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessWideCollection
    {
        public const string Name = "Process-wide state";
    }
}
