using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VboMfaAuth.Json;

namespace VboMfaAuth
{
    /// <summary>
    /// A failure reported by the native library, with everything its error object carries:
    /// the status, a one-sentence <see cref="Exception.Message"/>, the <see cref="Hint"/> (what
    /// to do), the HTTP status, the identity platform's error and codes, trace and correlation
    /// IDs to quote to Microsoft support. Neither the message, the properties nor
    /// <see cref="ToString"/> ever hold a token, device code or assertion.
    /// </summary>
    /// <remarks>
    /// Catch a family with the subclasses: <see cref="VboMfaSignInException"/> (declined,
    /// expired, cancelled, timed out), <see cref="VboMfaArgumentException"/>,
    /// <see cref="VboMfaConnectionException"/> (network, TLS),
    /// <see cref="VboMfaIdentityException"/> (Microsoft's OAuth errors) and
    /// <see cref="VboMfaServerException"/> (VBO refused, HTTP or protocol errors). A bug in the
    /// native library (<see cref="VboMfaStatus.Internal"/>) is this class itself.
    /// </remarks>
    public class VboMfaException : Exception
    {
        /// <summary>Creates the exception from an error object of the native library.</summary>
        protected internal VboMfaException(VboMfaStatus status, string? errorJson)
            : this(status, ReadErrorObject(errorJson), errorJson)
        {
        }

        // A malformed error object (a bug) still gives an exception with the right status.
        private static IDictionary<string, object?> ReadErrorObject(string? errorJson)
        {
            try
            {
                return JsonMembers.ParseObject(errorJson);
            }
            catch (FormatException)
            {
                return new Dictionary<string, object?>();
            }
        }

        private VboMfaException(VboMfaStatus status, IDictionary<string, object?> error, string? errorJson)
            : base(error.Text("message") ?? DefaultMessage(status))
        {
            Status = status;
            StatusName = error.Text("status") ?? DefaultStatusName(status);
            Hint = error.Text("hint");
            long? http = error.Whole("http_status");
            HttpStatus = http.HasValue ? (int)http.Value : null;
            Error = error.Text("error");
            ErrorDescription = error.Text("error_description");
            ErrorCodes = error.WholeList("error_codes");
            TraceId = error.Text("trace_id");
            CorrelationId = error.Text("correlation_id");
            VboMessage = error.Text("vbo_message");
            ServerSha256 = error.Text("server_sha256");
            ServerThumbprint = error.Text("server_thumbprint");
            ErrorJson = errorJson ?? "{}";
        }

        /// <summary>The status.</summary>
        public VboMfaStatus Status { get; }

        /// <summary>The status's C name, e.g. VBOMFA_IDP_ERROR.</summary>
        public string StatusName { get; }

        /// <summary>What to do about it, when the library knows (AADSTS codes, VBO settings, certificates, proxies).</summary>
        public string? Hint { get; }

        /// <summary>The HTTP status of the answer that failed, when there was one.</summary>
        public int? HttpStatus { get; }

        /// <summary>The identity platform's AADSTS error codes (e.g. 53003 for Conditional Access); empty when none.</summary>
        public IReadOnlyList<long> ErrorCodes { get; }

        /// <summary>The OAuth error (invalid_client, authorization_declined, ...), when there was one.</summary>
        public string? Error { get; }

        /// <summary>The OAuth error_description (the AADSTS line), when there was one.</summary>
        public string? ErrorDescription { get; }

        /// <summary>The identity platform's trace ID, for Microsoft support.</summary>
        public string? TraceId { get; }

        /// <summary>The identity platform's correlation ID, for Microsoft support.</summary>
        public string? CorrelationId { get; }

        /// <summary>VBO's own message, when VBO refused.</summary>
        public string? VboMessage { get; }

        /// <summary>SHA-256 of a refused server certificate (for <see cref="VboMfaOptions.PinSha256"/>).</summary>
        public string? ServerSha256 { get; }

        /// <summary>SHA-1 thumbprint of a refused server certificate (for <see cref="VboMfaOptions.Thumbprints"/>).</summary>
        public string? ServerThumbprint { get; }

        /// <summary>The library's error object as it came (it holds no secret).</summary>
        public string ErrorJson { get; }

        /// <summary>
        /// The type, message, status, HTTP status, hint, OAuth error and codes, trace and
        /// correlation IDs, then the stack trace. Never a token.
        /// </summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(GetType().FullName).Append(": ").Append(Message);
            text.Append(Environment.NewLine).Append("  status: ").Append(StatusName)
                .Append(" (").Append(((int)Status).ToString(CultureInfo.InvariantCulture)).Append(')');
            if (HttpStatus.HasValue)
                text.Append(", http_status: ").Append(HttpStatus.Value.ToString(CultureInfo.InvariantCulture));
            if (Hint != null) text.Append(Environment.NewLine).Append("  hint: ").Append(Hint);
            if (Error != null) text.Append(Environment.NewLine).Append("  error: ").Append(Error);
            if (ErrorCodes.Count > 0)
            {
                text.Append(Environment.NewLine).Append("  error_codes: ");
                for (int i = 0; i < ErrorCodes.Count; i++)
                    text.Append(i == 0 ? "" : ", ").Append(ErrorCodes[i].ToString(CultureInfo.InvariantCulture));
            }
            if (TraceId != null) text.Append(Environment.NewLine).Append("  trace_id: ").Append(TraceId);
            if (CorrelationId != null) text.Append(Environment.NewLine).Append("  correlation_id: ").Append(CorrelationId);
            if (StackTrace != null) text.Append(Environment.NewLine).Append(StackTrace);
            return text.ToString();
        }

        /// <summary>The exception, of the right family, for a status and error object of the library.</summary>
        internal static VboMfaException FromNative(int status, string? errorJson)
        {
            var s = (VboMfaStatus)status;
            switch (s)
            {
                case VboMfaStatus.Declined:
                case VboMfaStatus.Expired:
                case VboMfaStatus.Cancelled:
                case VboMfaStatus.Timeout:
                    return new VboMfaSignInException(s, errorJson);
                case VboMfaStatus.InvalidArgument:
                    return new VboMfaArgumentException(s, errorJson);
                case VboMfaStatus.Network:
                case VboMfaStatus.Tls:
                    return new VboMfaConnectionException(s, errorJson);
                case VboMfaStatus.IdpError:
                    return new VboMfaIdentityException(s, errorJson);
                case VboMfaStatus.VboRejected:
                case VboMfaStatus.HttpError:
                case VboMfaStatus.Protocol:
                    return new VboMfaServerException(s, errorJson);
                default:
                    return new VboMfaException(s, errorJson);
            }
        }

        private static string DefaultMessage(VboMfaStatus status) =>
            "The native library returned " + DefaultStatusName(status) + ".";

        private static string DefaultStatusName(VboMfaStatus status)
        {
            if (!Enum.IsDefined(typeof(VboMfaStatus), status))
                return "VBOMFA_UNKNOWN (" + ((int)status).ToString(CultureInfo.InvariantCulture) + ")";
            // InvalidArgument -> VBOMFA_INVALID_ARGUMENT
            var name = new StringBuilder("VBOMFA_");
            string word = status.ToString();
            for (int i = 0; i < word.Length; i++)
            {
                if (i > 0 && char.IsUpper(word[i])) name.Append('_');
                name.Append(char.ToUpperInvariant(word[i]));
            }
            return name.ToString();
        }
    }
}
