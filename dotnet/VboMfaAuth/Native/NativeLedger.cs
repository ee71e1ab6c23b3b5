using System;
using System.Threading;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Counts what this assembly holds from the native library, so tests can prove that every
    /// flow is freed and every returned string released: flows (freed by
    /// <see cref="FlowHandle"/>), strings handed out by the library (freed by
    /// <see cref="OwnedJson"/>) and token buffers (<see cref="SecretBuffer"/>); and how many
    /// calls are blocked in the library right now.
    /// Process-wide; cheap (one interlocked add per event).
    /// </summary>
    internal static class NativeLedger
    {
        private static long liveFlows;
        private static long unfreedStrings;
        private static long liveSecrets;
        private static long stringsReceived;
        private static long callsInFlight;

        internal static long LiveFlows => Interlocked.Read(ref liveFlows);
        internal static long UnfreedStrings => Interlocked.Read(ref unfreedStrings);
        internal static long LiveSecrets => Interlocked.Read(ref liveSecrets);
        internal static long StringsReceived => Interlocked.Read(ref stringsReceived);

        /// <summary>Native calls with an out_json running right now (a thread blocked in the library each).</summary>
        internal static long CallsInFlight => Interlocked.Read(ref callsInFlight);

        internal static void CallStarted() => Interlocked.Increment(ref callsInFlight);
        internal static void CallEnded() => Interlocked.Decrement(ref callsInFlight);

        internal static void FlowCreated() => Interlocked.Increment(ref liveFlows);
        internal static void FlowFreed() => Interlocked.Decrement(ref liveFlows);

        internal static void StringReceived(IntPtr text)
        {
            if (text == IntPtr.Zero) return;
            Interlocked.Increment(ref unfreedStrings);
            Interlocked.Increment(ref stringsReceived);
        }

        internal static void StringFreed() => Interlocked.Decrement(ref unfreedStrings);
        internal static void SecretCreated() => Interlocked.Increment(ref liveSecrets);
        internal static void SecretFreed() => Interlocked.Decrement(ref liveSecrets);
    }
}
