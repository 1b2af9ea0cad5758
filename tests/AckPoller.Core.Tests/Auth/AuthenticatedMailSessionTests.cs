using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Mail;
using AckPoller.Mail.Sasl;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Auth;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AuthenticatedMailSessionTests
{
    private sealed class RecordingCredentials(AccountAuthKind kind) : IAccountCredentials
    {
        public List<bool> Requests { get; } = [];

        public List<(AuthState State, string Code, string Reason)> Rejections { get; } = [];

        public int Grants { get; private set; }

        public MailAccountOptions Options { get; } = new() { Name = "oncall", Mailbox = "oncall@contoso.com", AuthKind = kind };

        public Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            Requests.Add(forceRefresh);
            return Task.FromResult(kind == AccountAuthKind.Password
                ? MailCredentials.FromPassword("oncall@contoso.com", "pw")
                : MailCredentials.FromAccessToken("oncall@contoso.com", forceRefresh ? "fresh" : "cached"));
        }

        public Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken)
        {
            Grants++;
            return Task.CompletedTask;
        }

        public Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken)
        {
            Rejections.Add((state, errorCode, reason));
            return Task.CompletedTask;
        }
    }

    private static MailAuthenticationException Rejected(string response) => new("Authentication failed", response) { Mechanism = "XOAUTH2" };

    [Fact]
    public async Task A_refused_token_is_refreshed_and_the_step_retried_once()
    {
        var credentials = new RecordingCredentials(AccountAuthKind.DelegatedAuthorizationCode);
        var session = new AuthenticatedMailSession(credentials, NullLogger.Instance);
        var seen = new List<string>();

        var result = await session.RunAsync((c, _) =>
        {
            seen.Add(c.Secret);
            return c.Secret == "cached" ? throw Rejected("NO AUTHENTICATE failed.") : Task.FromResult("connected");
        }, default);

        Assert.Equal("connected", result);
        Assert.Equal([false, true], credentials.Requests);
        Assert.Equal(["cached", "fresh"], seen);
        Assert.Equal(1, credentials.Grants);
        Assert.Empty(credentials.Rejections);
    }

    [Theory]
    [InlineData(AccountAuthKind.DelegatedAuthorizationCode, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", "SmtpClientAuthentication is disabled")]
    [InlineData(AccountAuthKind.DelegatedAuthorizationCode, "NO AUTHENTICATE failed. User is authenticated but not connected.", "lacks rights")]
    [InlineData(AccountAuthKind.ClientCredentials, "NO AUTHENTICATE failed.", "Add-MailboxPermission")]
    [InlineData(AccountAuthKind.ClientCredentials, "NO AUTHENTICATE failed.", "New-ServicePrincipal")]
    public async Task A_second_refusal_records_mailbox_access_denied_with_the_hint_that_fits(AccountAuthKind kind, string response, string hint)
    {
        var credentials = new RecordingCredentials(kind);
        var session = new AuthenticatedMailSession(credentials, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => session.RunAsync<string>((_, _) => throw Rejected(response), default));

        Assert.Equal(AuthState.MailboxAccessDenied, error.State);
        var (state, code, reason) = Assert.Single(credentials.Rejections);
        Assert.Equal((AuthState.MailboxAccessDenied, "MailboxAccessDenied"), (state, code));
        Assert.Contains(hint, reason);
        Assert.Equal([false, true], credentials.Requests);
    }

    [Fact]
    public async Task A_refused_password_is_not_retried_and_is_a_credential_problem()
    {
        var credentials = new RecordingCredentials(AccountAuthKind.Password);
        var session = new AuthenticatedMailSession(credentials, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<AccountAuthException>(() => session.RunAsync<string>((_, _) => throw Rejected("535 5.7.8 bad credentials"), default));

        Assert.Equal(AuthState.CredentialInvalid, error.State);
        Assert.Equal([false], credentials.Requests);
    }

    [Fact]
    public async Task Other_failures_pass_through_untouched()
    {
        var credentials = new RecordingCredentials(AccountAuthKind.ClientCredentials);
        var session = new AuthenticatedMailSession(credentials, NullLogger.Instance);

        await Assert.ThrowsAsync<MailConnectionException>(() => session.RunAsync<string>((_, _) => throw new MailConnectionException("refused"), default));

        Assert.Empty(credentials.Rejections);
        Assert.Equal([false], credentials.Requests);
    }
}
