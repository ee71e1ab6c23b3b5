namespace VboMfaAuth
{
    /// <summary>A successful (2xx) answer of the VBO REST API.</summary>
    public sealed class VboResponse
    {
        internal VboResponse(int statusCode, string? body, bool bodyIsJson)
        {
            StatusCode = statusCode;
            Body = body;
            BodyIsJson = bodyIsJson;
        }

        /// <summary>The HTTP status, e.g. 200 or 204.</summary>
        public int StatusCode { get; }

        /// <summary>The body: raw JSON text, or the text the server sent when it was not JSON; null when there was none.</summary>
        public string? Body { get; }

        /// <summary>True when <see cref="Body"/> is JSON text.</summary>
        public bool BodyIsJson { get; }

        /// <summary>The body parsed by <see cref="VboJson.Parse"/> (a JSON body), the text itself (another body), or null.</summary>
        public object? Json => BodyIsJson && Body != null ? VboJson.Parse(Body) : Body;

        /// <summary>"HTTP 200" and the size of the body.</summary>
        public override string ToString() =>
            "HTTP " + StatusCode + (Body == null ? " (no body)" : " (" + Body.Length + " characters)");
    }
}
