using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace VboMfaAuth.Simulator
{
    /// <summary>
    /// One running <c>vbomfa sim</c> on 127.0.0.1: started with the given switches, its
    /// <c>name: value</c> lines read, stopped with SIGTERM on dispose (it then deletes its CA
    /// file).
    /// </summary>
    public sealed class SimulatorProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder errors = new StringBuilder();
        private readonly Dictionary<string, string> values;

        private SimulatorProcess(Process process, Dictionary<string, string> values)
        {
            this.process = process;
            this.values = values;
        }

        /// <summary>Every <c>name: value</c> line it printed (base_url, vbo_url, ca_file, sha256, ...).</summary>
        public IReadOnlyDictionary<string, string> Values => values;

        /// <summary>The identity platform's URL (authority_host).</summary>
        public string AuthorityHost => Value("authority_host");

        /// <summary>The VBO server's URL.</summary>
        public string VboUrl => Value("vbo_url");

        /// <summary>The first organization.</summary>
        public string Organization => Value("organization");

        /// <summary>The signed-in user of the first organization.</summary>
        public string User => Value("user");

        /// <summary>The simulator's CA certificate (PEM), deleted when it stops.</summary>
        public string CaFile => Value("ca_file");

        /// <summary>SHA-256 of its leaf certificate (hex).</summary>
        public string Sha256 => Value("sha256");

        /// <summary>SHA-1 thumbprint of its leaf certificate, as Windows shows it.</summary>
        public string Thumbprint => Value("thumbprint");

        /// <summary>The sign-in page where a person enters the code (manual approval).</summary>
        public string SignInPage => Value("sign_in_page");

        /// <summary>Every organization (vbomfa sim --tenants N).</summary>
        public IReadOnlyList<string> Organizations =>
            values.TryGetValue("organizations", out string? list) ? list.Split(',') : new[] { Organization };

        /// <summary>A client of its control API (faults, approvals, the record of requests).</summary>
        public SimulatorControl Control() => new SimulatorControl(Value("control"), Sha256);

        /// <summary>The process id.</summary>
        public int ProcessId => process.Id;

        /// <summary>Options that reach both halves of the simulator and trust its CA.</summary>
        public VboMfaOptions Options() => new VboMfaOptions { AuthorityHost = AuthorityHost, CaFile = CaFile };

        /// <summary>A value it printed; throws naming the value when it printed none.</summary>
        public string Value(string name) =>
            values.TryGetValue(name, out string? value) ? value : throw new KeyNotFoundException("vbomfa sim printed no '" + name + ":' line.");

        /// <summary>
        /// Starts <c>vbomfa sim --port 0</c> with <paramref name="switches"/> (e.g.
        /// "--interval", "1", "--approve-after-ms", "0") and waits until it has printed its
        /// settings.
        /// </summary>
        public static SimulatorProcess Start(params string[] switches) => Start(VbomfaBinary.Find(), switches);

        /// <summary>Like <see cref="Start(string[])"/> with an explicit path of the vbomfa program.</summary>
        public static SimulatorProcess Start(string vbomfa, IEnumerable<string> switches)
        {
            var arguments = new StringBuilder("sim --port 0");
            foreach (string s in switches) arguments.Append(' ').Append(Quote(s));
            var info = new ProcessStartInfo(vbomfa, arguments.ToString())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + vbomfa + ".");
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var simulator = new SimulatorProcess(process, values);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (simulator.errors) simulator.errors.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
            try
            {
                Task<bool> reading = Task.Run(() => ReadSettings(process.StandardOutput, values));
                if (!reading.Wait(TimeSpan.FromSeconds(60)) || !reading.Result)
                    throw new InvalidOperationException("vbomfa sim did not print its settings (arguments: " + arguments + "). Its error output: " + simulator.ErrorText());
            }
            catch
            {
                simulator.Dispose();
                throw;
            }
            return simulator;
        }

        // Reads "name: value" lines until options_json (the last one); false at end of output.
        private static bool ReadSettings(StreamReader output, Dictionary<string, string> values)
        {
            string? line;
            while ((line = output.ReadLine()) != null)
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon <= 0 || line.IndexOf(' ') < colon) continue;
                string name = line.Substring(0, colon);
                values[name] = line.Substring(colon + 2).Trim();
                if (name == "options_json") return true;
            }
            return false;
        }

        private static string Quote(string s) =>
            s.Length > 0 && s.IndexOfAny(new[] { ' ', '"', '\'' }) < 0 ? s : "\"" + s.Replace("\"", "\\\"") + "\"";

        // SIGTERM through kill(1), so the simulator deletes its CA file; false when there is no kill program.
        private static bool Terminate(int pid)
        {
            try
            {
                using (Process kill = Process.Start(new ProcessStartInfo("kill", "-TERM " + pid.ToString(CultureInfo.InvariantCulture)) { UseShellExecute = false })!)
                {
                    kill.WaitForExit();
                    return kill.ExitCode == 0;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        private string ErrorText()
        {
            lock (errors) return errors.ToString();
        }

        /// <summary>Stops it with SIGTERM (Windows: terminates it) and waits for it to end.</summary>
        public void Dispose()
        {
            try
            {
                if (process.HasExited) return;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !Terminate(process.Id)) process.Kill();
                if (!process.WaitForExit(10000)) process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // It was never started or has already been reaped.
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
