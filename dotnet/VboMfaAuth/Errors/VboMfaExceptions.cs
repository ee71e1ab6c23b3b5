namespace VboMfaAuth
{
    /// <summary>
    /// The sign-in did not complete: the user declined (<see cref="VboMfaStatus.Declined"/>),
    /// the code expired (<see cref="VboMfaStatus.Expired"/>), it was cancelled with
    /// <see cref="PendingSignIn.Cancel"/> (<see cref="VboMfaStatus.Cancelled"/>; a cancelled
    /// CancellationToken gives an OperationCanceledException instead), or a wait timed out.
    /// </summary>
    public sealed class VboMfaSignInException : VboMfaException
    {
        internal VboMfaSignInException(VboMfaStatus status, string? errorJson)
            : base(status, errorJson)
        {
        }
    }

    /// <summary>An argument or option was refused before anything was sent (<see cref="VboMfaStatus.InvalidArgument"/>); the message names it.</summary>
    public sealed class VboMfaArgumentException : VboMfaException
    {
        internal VboMfaArgumentException(VboMfaStatus status, string? errorJson)
            : base(status, errorJson)
        {
        }
    }

    /// <summary>
    /// The server could not be reached (<see cref="VboMfaStatus.Network"/>) or its certificate
    /// was refused (<see cref="VboMfaStatus.Tls"/>; <see cref="VboMfaException.ServerSha256"/>
    /// and <see cref="VboMfaException.ServerThumbprint"/> say which certificate).
    /// </summary>
    public sealed class VboMfaConnectionException : VboMfaException
    {
        internal VboMfaConnectionException(VboMfaStatus status, string? errorJson)
            : base(status, errorJson)
        {
        }
    }

    /// <summary>
    /// The Microsoft identity platform answered with an OAuth error
    /// (<see cref="VboMfaStatus.IdpError"/>): see <see cref="VboMfaException.Error"/>,
    /// <see cref="VboMfaException.ErrorCodes"/> and <see cref="VboMfaException.Hint"/>.
    /// </summary>
    public sealed class VboMfaIdentityException : VboMfaException
    {
        internal VboMfaIdentityException(VboMfaStatus status, string? errorJson)
            : base(status, errorJson)
        {
        }
    }

    /// <summary>
    /// The VBO server refused (<see cref="VboMfaStatus.VboRejected"/>, with
    /// <see cref="VboMfaException.HttpStatus"/> and <see cref="VboMfaException.VboMessage"/>),
    /// or a server answered unexpectedly (<see cref="VboMfaStatus.HttpError"/>: 5xx after
    /// retries, a redirect, a proxy's 407; <see cref="VboMfaStatus.Protocol"/>: HTML or an
    /// oversized body where JSON was due).
    /// </summary>
    public sealed class VboMfaServerException : VboMfaException
    {
        internal VboMfaServerException(VboMfaStatus status, string? errorJson)
            : base(status, errorJson)
        {
        }
    }
}
