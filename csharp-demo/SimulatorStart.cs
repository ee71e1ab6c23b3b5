using System.Linq;
using VboMfaAuth.Simulator;

namespace CsharpDemo
{
    /// <summary>The simulator of demo and multi: vbomfa sim with a 1 s polling interval.</summary>
    internal static class SimulatorStart
    {
        /// <summary>The switch that names the vbomfa program.</summary>
        public const string Switch = "--vbomfa";

        /// <summary>--vbomfa PATH, else $VBOMFA_BIN, this repository's target/, or PATH.</summary>
        public static string Program(Arguments a) => a.Value(Switch) ?? VbomfaBinary.Find();

        public static SimulatorProcess Run(Arguments a, params string[] switches) =>
            SimulatorProcess.Start(Program(a), new[] { "--interval", "1" }.Concat(switches));
    }
}
