using System;
using System.Management.Automation;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>What a cmdlet was doing when it failed: decides the category of a VBO refusal.</summary>
internal enum FailureContext
{
    /// <summary>Signing in (device code, token exchange): a refusal is an authentication error.</summary>
    SignIn,

    /// <summary>A REST call, refresh or logout with a session: the HTTP status decides.</summary>
    Session,
}

/// <summary>
/// Turns failures into the module's error records: ErrorId <c>VboMfaAuth.&lt;STATUS&gt;</c>
/// (e.g. <c>VboMfaAuth.VBOMFA_DECLINED</c>), a fitting category, the library's message, its hint
/// as RecommendedAction, and the library's exception (status, error codes) as the exception.
/// The library's messages and hints never hold a secret, and nothing else is added here.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>Prefix of every ErrorId the module writes.</summary>
    internal const string Prefix = "VboMfaAuth.";

    /// <summary>
    /// The failures a cmdlet reports as the module's error records: the library's own, a bad
    /// argument, and a session used after Disconnect-VboTenant. Anything else is a bug and
    /// stays PowerShell's.
    /// </summary>
    internal static bool IsReported(Exception failure) =>
        failure is VboMfaException || failure is ArgumentException || failure is ObjectDisposedException;

    internal static ErrorRecord For(Exception failure, object? target, FailureContext context)
    {
        switch (failure)
        {
            case VboMfaException vbo:
                return FromLibrary(vbo, target, context);
            case ArgumentException argument:
                return Make(argument, "VBOMFA_INVALID_ARGUMENT", ErrorCategory.InvalidArgument, target, null);
            case ObjectDisposedException closed:
                return Make(
                    closed, "SESSION_CLOSED", ErrorCategory.InvalidOperation, target,
                    "The session was logged out (Disconnect-VboTenant): sign in again with Connect-VboTenant, or import a session file.");
            default:
                return new ErrorRecord(failure, Prefix + failure.GetType().Name, ErrorCategory.NotSpecified, target);
        }
    }

    /// <summary>An error of the module itself (no session, unreadable session file, ...).</summary>
    internal static ErrorRecord Module(
        string id, ErrorCategory category, string message, string? recommendedAction, object? target)
    {
        var exception = new InvalidOperationException(message);
        return Make(exception, id, category, target, recommendedAction);
    }

    internal static ErrorCategory CategoryOf(VboMfaException failure, FailureContext context)
    {
        switch (failure.Status)
        {
            case VboMfaStatus.Declined:
            case VboMfaStatus.IdpError:
                return ErrorCategory.AuthenticationError;
            case VboMfaStatus.Expired:
            case VboMfaStatus.Timeout:
                return ErrorCategory.OperationTimeout;
            case VboMfaStatus.Cancelled:
                return ErrorCategory.OperationStopped;
            case VboMfaStatus.InvalidArgument:
                return ErrorCategory.InvalidArgument;
            case VboMfaStatus.Network:
                return ErrorCategory.ConnectionError;
            case VboMfaStatus.Tls:
                return ErrorCategory.SecurityError;
            case VboMfaStatus.VboRejected:
                return VboRejectionCategory(failure.HttpStatus, context);
            case VboMfaStatus.HttpError:
                return ErrorCategory.ResourceUnavailable;
            case VboMfaStatus.Protocol:
                return ErrorCategory.ProtocolError;
            default:
                return ErrorCategory.NotSpecified;
        }
    }

    private static ErrorCategory VboRejectionCategory(int? httpStatus, FailureContext context)
    {
        if (context == FailureContext.SignIn || httpStatus == 401)
        {
            return ErrorCategory.AuthenticationError;
        }
        switch (httpStatus)
        {
            case 403:
                return ErrorCategory.PermissionDenied;
            case 404:
                return ErrorCategory.ObjectNotFound;
            default:
                return ErrorCategory.InvalidOperation;
        }
    }

    private static ErrorRecord FromLibrary(VboMfaException failure, object? target, FailureContext context)
    {
        var status = string.IsNullOrEmpty(failure.StatusName) ? failure.Status.ToString() : failure.StatusName;
        var hint = string.IsNullOrEmpty(failure.Hint) ? FallbackHint(failure.Status) : failure.Hint;
        return Make(failure, status, CategoryOf(failure, context), target, hint);
    }

    /// <summary>What to do when the library has no hint of its own for a status.</summary>
    internal static string? FallbackHint(VboMfaStatus status)
    {
        switch (status)
        {
            case VboMfaStatus.Declined:
                return "The person at the sign-in page declined (or their organization blocked it): sign in again and approve the request.";
            case VboMfaStatus.Expired:
                return "Start a new sign-in and enter the new code before it expires.";
            case VboMfaStatus.Cancelled:
                return "The sign-in was cancelled; start it again when ready.";
            case VboMfaStatus.Timeout:
                return "Wait again, or start a new sign-in.";
            default:
                return null;
        }
    }

    private static ErrorRecord Make(
        Exception exception, string id, ErrorCategory category, object? target, string? recommendedAction)
    {
        var record = new ErrorRecord(exception, Prefix + id, category, target);
        record.ErrorDetails = new ErrorDetails(exception.Message);
        if (!string.IsNullOrEmpty(recommendedAction))
        {
            record.ErrorDetails.RecommendedAction = recommendedAction;
        }
        return record;
    }
}
