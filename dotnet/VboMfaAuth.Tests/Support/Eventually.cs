using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>Waiting for something that happens on another thread, with a generous limit.</summary>
    public static class Eventually
    {
        public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > limit) return false;
                await Task.Delay(20);
            }
            return true;
        }
    }
}
