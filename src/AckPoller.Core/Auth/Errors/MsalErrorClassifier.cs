using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Identity.Client;
using Polly.Timeout;

namespace AckPoller.Core.Auth.Errors;

/// <summary>Turns MSAL's exceptions into what they mean for an account (see the table in issue 4).</summary>
public static partial class MsalErrorClassifier
{
    public static AuthFailure Classify(Exception exception, DateTimeOffset? now = null) => exception switch
    {
        MsalUiRequiredException ui => ReauthRequired(ui),
        MsalServiceException service => ClassifyService(service, now ?? DateTimeOffset.UtcNow),
        MsalClientException client => ClassifyClient(client),
        CredentialLoadException load => new AuthFailure(AuthFailureKind.CredentialInvalid, "CredentialUnreadable", load.Message),
        TimeoutRejectedException => new AuthFailure(AuthFailureKind.Transient, "timeout", "The token endpoint did not answer in time."),
        HttpRequestException http => new AuthFailure(AuthFailureKind.Transient, "network", $"The token endpoint could not be reached: {http.Message}"),
        _ => new AuthFailure(AuthFailureKind.Transient, exception.GetType().Name, $"Unexpected error while getting a token: {FirstLine(exception.Message)}"),
    };

    /// <summary>The AADSTS code in an MSAL error, e.g. "AADSTS700082", or null.</summary>
    public static string? AadstsCode(MsalException exception)
    {
        var match = AadstsPattern().Match(exception.Message);
        if (match.Success)
        {
            return match.Value;
        }

        if (exception is MsalServiceException { ResponseBody: { Length: > 0 } body })
        {
            var codes = ErrorCodesPattern().Match(body);
            if (codes.Success)
            {
                return "AADSTS" + codes.Groups[1].Value;
            }
        }

        return null;
    }

    private static AuthFailure ReauthRequired(MsalException exception)
    {
        var code = AadstsCode(exception);
        var reason = code switch
        {
            "AADSTS700082" => "The refresh token expired after 90 days without use (AADSTS700082). Sign in again; the keep-alive refresh prevents this from recurring.",
            "AADSTS50173" => "The grant was revoked, usually because the user's password changed (AADSTS50173). Sign in again.",
            "AADSTS70043" => "A Conditional Access sign-in frequency policy requires a fresh sign-in (AADSTS70043). Sign in again.",
            "AADSTS65001" => "The app's mail permissions have not been consented (AADSTS65001). An admin must grant consent, then sign in.",
            "AADSTS50076" or "AADSTS50079" or "AADSTS50078" => $"Multi-factor authentication is required ({code}). Sign in again, completing MFA.",
            "AADSTS70000" or "AADSTS70008" or "AADSTS54005" => $"The authorization code was invalid, expired or already used ({code}). Start the sign-in again.",
            null when exception.ErrorCode is "user_null" or "no_account_found" or "no_tokens_found" =>
                "There is no cached sign-in for this account (never signed in, signed out, or the token cache was lost). Sign in.",
            null => $"Entra ID requires a new interactive sign-in ({exception.ErrorCode}): {FirstLine(exception.Message)}",
            _ => $"Entra ID requires a new interactive sign-in ({code}): {FirstLine(exception.Message)}",
        };
        return new AuthFailure(AuthFailureKind.ReauthRequired, code ?? exception.ErrorCode, reason);
    }

    private static AuthFailure ClassifyService(MsalServiceException exception, DateTimeOffset now)
    {
        var code = AadstsCode(exception);
        if (exception.ErrorCode is "invalid_client" or "unauthorized_client" || code is "AADSTS7000215" or "AADSTS7000222" or "AADSTS700027" or "AADSTS700016")
        {
            var reason = code switch
            {
                "AADSTS7000215" => "The client secret is wrong (AADSTS7000215): usually the secret's ID was pasted instead of its Value. Copy the Value shown when the secret was created (or create a new secret) and update the configuration.",
                "AADSTS7000222" => "The client secret has expired (AADSTS7000222). Create a new secret on the app registration, update the configuration and ClientSecretExpiresOn.",
                "AADSTS700027" => "The certificate was rejected (AADSTS700027): it is not uploaded to the app registration, or it expired. Upload the certificate or fix CertificateFile.",
                "AADSTS700016" => "The app was not found in the tenant (AADSTS700016): check ClientId and TenantId, and that the app is consented in this tenant.",
                _ => $"Entra ID rejected the app's credential ({code ?? exception.ErrorCode}): {FirstLine(exception.Message)} Fix the secret or certificate in the configuration.",
            };
            return new AuthFailure(AuthFailureKind.CredentialInvalid, code ?? exception.ErrorCode, reason);
        }

        if (exception.ErrorCode == "invalid_grant")
        {
            return ReauthRequired(exception);
        }

        var status = exception.StatusCode;
        if (exception.IsRetryable || exception is MsalThrottledServiceException || status is >= 500 or (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.RequestTimeout or 0)
        {
            var retryAfter = RetryAfter(exception, now);
            var what = status == (int)HttpStatusCode.TooManyRequests ? "is throttling requests (429)" : $"failed temporarily ({(status == 0 ? exception.ErrorCode : status.ToString(CultureInfo.InvariantCulture))})";
            return new AuthFailure(AuthFailureKind.Transient, code ?? exception.ErrorCode, $"The token endpoint {what}.", retryAfter);
        }

        return new AuthFailure(AuthFailureKind.CredentialInvalid, code ?? exception.ErrorCode,
            $"Entra ID refused the token request ({code ?? exception.ErrorCode}): {FirstLine(exception.Message)} Check the app registration and the configuration.");
    }

    private static AuthFailure ClassifyClient(MsalClientException exception) =>
        exception.ErrorCode is "request_timeout" or "network_not_available" or "service_not_available" || exception.IsRetryable || exception.InnerException is HttpRequestException
            ? new AuthFailure(AuthFailureKind.Transient, exception.ErrorCode, $"The token endpoint could not be reached ({exception.ErrorCode}).")
            : new AuthFailure(AuthFailureKind.CredentialInvalid, exception.ErrorCode, $"The token request could not be made ({exception.ErrorCode}): {FirstLine(exception.Message)} Check the configuration.");

    private static TimeSpan? RetryAfter(MsalServiceException exception, DateTimeOffset now)
    {
        var header = exception.Headers?.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }

    [GeneratedRegex(@"AADSTS\d+")]
    private static partial Regex AadstsPattern();

    [GeneratedRegex(@"""error_codes""\s*:\s*\[\s*(\d+)")]
    private static partial Regex ErrorCodesPattern();
}
