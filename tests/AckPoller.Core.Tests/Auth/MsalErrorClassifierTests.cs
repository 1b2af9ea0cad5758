using System.Net;
using System.Net.Http.Headers;
using AckPoller.Core.Auth;
using AckPoller.Core.Auth.Errors;
using Microsoft.Identity.Client;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MsalErrorClassifierTests
{
    [Theory]
    [InlineData("AADSTS700082", "90 days")]
    [InlineData("AADSTS50173", "password")]
    [InlineData("AADSTS70043", "sign-in frequency")]
    [InlineData("AADSTS65001", "consent")]
    [InlineData("AADSTS50076", "Multi-factor")]
    public void Invalid_grant_ui_required_means_reauth_with_the_code_and_a_plain_reason(string code, string reasonPart)
    {
        var exception = new MsalUiRequiredException("invalid_grant", $"{code}: The refresh token has expired or is invalid. Trace ID: 1 Correlation ID: 2");

        var failure = MsalErrorClassifier.Classify(exception);

        Assert.Equal(AuthFailureKind.ReauthRequired, failure.Kind);
        Assert.Equal(code, failure.ErrorCode);
        Assert.Contains(reasonPart, failure.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_code_is_read_from_the_response_body_when_the_message_lacks_it()
    {
        var exception = new MsalServiceException("invalid_grant", "The grant is invalid.", 400) { ResponseBody = "{\"error\":\"invalid_grant\",\"error_codes\":[700082]}" };

        var failure = MsalErrorClassifier.Classify(exception);

        Assert.Equal(AuthFailureKind.ReauthRequired, failure.Kind);
        Assert.Equal("AADSTS700082", failure.ErrorCode);
    }

    [Fact]
    public void Wrong_secret_value_is_credential_invalid_and_says_the_id_was_pasted()
    {
        var exception = new MsalServiceException("invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", 401);

        var failure = MsalErrorClassifier.Classify(exception);

        Assert.Equal(AuthFailureKind.CredentialInvalid, failure.Kind);
        Assert.Equal("AADSTS7000215", failure.ErrorCode);
        Assert.Contains("secret's ID was pasted", failure.Reason);
    }

    [Fact]
    public void Expired_secret_is_credential_invalid()
    {
        var failure = MsalErrorClassifier.Classify(new MsalServiceException("invalid_client", "AADSTS7000222: The provided client secret keys for app '1' are expired.", 401));

        Assert.Equal(AuthFailureKind.CredentialInvalid, failure.Kind);
        Assert.Contains("expired", failure.Reason);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(504)]
    public void Server_errors_are_transient(int status)
    {
        var failure = MsalErrorClassifier.Classify(new MsalServiceException("service_not_available", "AADSTS90033: A transient error has occurred.", status));
        Assert.Equal(AuthFailureKind.Transient, failure.Kind);
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public void Throttling_is_transient_and_carries_retry_after_seconds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        var exception = new MsalServiceException("request_throttled", "AADSTS50196: throttled", 429) { Headers = response.Headers };

        var failure = MsalErrorClassifier.Classify(exception);

        Assert.Equal(AuthFailureKind.Transient, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
    }

    [Fact]
    public void Retry_after_as_a_date_is_measured_from_now()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(30));
        var exception = new MsalServiceException("request_throttled", "throttled", 429) { Headers = response.Headers };

        Assert.Equal(TimeSpan.FromSeconds(30), MsalErrorClassifier.Classify(exception, now).RetryAfter);
    }

    [Fact]
    public void Network_failures_are_transient() =>
        Assert.Equal(AuthFailureKind.Transient, MsalErrorClassifier.Classify(new HttpRequestException("Connection refused")).Kind);

    [Fact]
    public void An_unreadable_certificate_is_credential_invalid() =>
        Assert.Equal(AuthFailureKind.CredentialInvalid, MsalErrorClassifier.Classify(new CredentialLoadException("bad pfx")).Kind);

    [Fact]
    public void Other_client_errors_from_the_endpoint_need_the_admin() =>
        Assert.Equal(AuthFailureKind.CredentialInvalid, MsalErrorClassifier.Classify(new MsalServiceException("invalid_scope", "AADSTS70011: The provided value for scope is not valid.", 400)).Kind);
}
