using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace VboMfaAuth.Simulator
{
    /// <summary>
    /// The simulator's control API (<c>/_sim/</c> on its own listener, over TLS pinned to its
    /// certificate): inject faults, approve or decline a code, read the record of requests.
    /// </summary>
    public sealed class SimulatorControl : IDisposable
    {
        private readonly HttpClient http;
        private readonly string baseUrl;

        /// <summary>A client for the simulator's <c>control:</c> URL, trusting only its certificate (<paramref name="sha256"/>).</summary>
        public SimulatorControl(string controlUrl, string sha256)
        {
            baseUrl = controlUrl.TrimEnd('/');
            string pin = sha256.Replace(":", "").ToLowerInvariant();
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    certificate != null && Hex(Sha256(certificate.RawData)) == pin,
            };
            http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        }

        /// <summary>
        /// Queues a fault for the next <paramref name="times"/> requests to
        /// <paramref name="endpoint"/> (devicecode, ms_token, vbo_token, vbo_api);
        /// <paramref name="faultJson"/> is e.g. <c>{"kind":"status","status":503}</c>.
        /// </summary>
        public Task InjectAsync(string endpoint, string faultJson, int times = 1) =>
            PostAsync("/faults", "{\"endpoint\":" + Quote(endpoint) + ",\"fault\":" + faultJson + ",\"times\":" + times.ToString(CultureInfo.InvariantCulture) + "}");

        /// <summary>Approves the sign-in with this user code.</summary>
        public Task ApproveAsync(string userCode) => PostAsync("/approve", "{\"user_code\":" + Quote(userCode) + "}");

        /// <summary>Declines the sign-in with this user code.</summary>
        public Task DeclineAsync(string userCode) => PostAsync("/decline", "{\"user_code\":" + Quote(userCode) + "}");

        /// <summary>Empties the record of requests.</summary>
        public Task ResetRequestsAsync() => PostAsync("/reset-requests", "{}");

        /// <summary>The requests it received (not control requests), in arrival order.</summary>
        public async Task<IReadOnlyList<RecordedRequest>> RequestsAsync()
        {
            using (HttpResponseMessage response = await http.GetAsync(baseUrl + "/requests").ConfigureAwait(false))
            {
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException("GET /_sim/requests answered " + (int)response.StatusCode + ": " + body);
                var list = new List<RecordedRequest>();
                foreach (object? item in (List<object?>)VboJson.Parse(body)!)
                    list.Add(new RecordedRequest((Dictionary<string, object?>)item!));
                return list;
            }
        }

        /// <summary>How many requests went to <paramref name="endpoint"/>.</summary>
        public async Task<int> CountAsync(string endpoint)
        {
            int n = 0;
            foreach (RecordedRequest r in await RequestsAsync().ConfigureAwait(false))
            {
                if (r.Endpoint == endpoint) n++;
            }
            return n;
        }

        private async Task PostAsync(string path, string json)
        {
            using (var content = new StringContent(json, Encoding.UTF8, "application/json"))
            using (HttpResponseMessage response = await http.PostAsync(baseUrl + path, content).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    throw new InvalidOperationException("POST /_sim" + path + " answered " + (int)response.StatusCode + ": " + body);
                }
            }
        }

        private static string Quote(string s) => VboJson.Serialize(s);

        private static byte[] Sha256(byte[] data)
        {
            using (SHA256 sha = SHA256.Create()) return sha.ComputeHash(data);
        }

        private static string Hex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return text.ToString();
        }

        /// <summary>Closes the HTTP client.</summary>
        public void Dispose() => http.Dispose();
    }

    /// <summary>One request the simulator received.</summary>
    public sealed class RecordedRequest
    {
        internal RecordedRequest(Dictionary<string, object?> json)
        {
            Method = json.TryGetValue("method", out object? m) ? m as string ?? "" : "";
            Path = json.TryGetValue("path", out object? p) ? p as string ?? "" : "";
            Endpoint = json.TryGetValue("endpoint", out object? e) ? e as string : null;
            Status = json.TryGetValue("status", out object? s) && s is long n ? (int)n : null;
        }

        /// <summary>GET, POST, ...</summary>
        public string Method { get; }

        /// <summary>The path, without query.</summary>
        public string Path { get; }

        /// <summary>devicecode, ms_token, vbo_token, vbo_api, or null.</summary>
        public string? Endpoint { get; }

        /// <summary>The status answered; null when none was sent.</summary>
        public int? Status { get; }

        /// <summary>"POST /v8/token → 200".</summary>
        public override string ToString() => Method + " " + Path + " -> " + (Status?.ToString(CultureInfo.InvariantCulture) ?? "none");
    }
}
