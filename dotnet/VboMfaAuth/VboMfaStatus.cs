namespace VboMfaAuth
{
    /// <summary>
    /// The native library's statuses, with its stable numbers (README "Statuses";
    /// HeaderDriftTests keeps them equal to the header's VBOMFA_* constants).
    /// </summary>
    public enum VboMfaStatus
    {
        /// <summary>Success.</summary>
        Ok = 0,

        /// <summary>Not signed in yet.</summary>
        Pending = 1,

        /// <summary>The user declined the sign-in.</summary>
        Declined = 10,

        /// <summary>The device code expired before the sign-in finished.</summary>
        Expired = 11,

        /// <summary>The sign-in was cancelled.</summary>
        Cancelled = 12,

        /// <summary>A wait ran out of time; the sign-in is still usable.</summary>
        Timeout = 13,

        /// <summary>A bad argument or option; nothing was sent.</summary>
        InvalidArgument = 20,

        /// <summary>DNS, connect, reset or time-out.</summary>
        Network = 30,

        /// <summary>Certificate refused, or pin mismatch.</summary>
        Tls = 31,

        /// <summary>An OAuth error from the Microsoft identity platform.</summary>
        IdpError = 40,

        /// <summary>The VBO server answered 4xx.</summary>
        VboRejected = 41,

        /// <summary>5xx after retries, a redirect (never followed), a proxy's 407.</summary>
        HttpError = 42,

        /// <summary>Not JSON where JSON is due, a body over 1 MiB, fields missing.</summary>
        Protocol = 43,

        /// <summary>A bug in the native library (a caught panic).</summary>
        Internal = 99,
    }
}
