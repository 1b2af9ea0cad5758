using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Mailboxes;
using AckPoller.Core.Processing;
using AckPoller.Core.Storage;
using AckPoller.Mail.Sasl;
using AckPoller.Mail.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Core.Tests.Processing;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountPollerTests
{
    [Fact]
    public async Task An_account_waiting_for_sign_in_is_skipped_without_asking_for_credentials()
    {
        var (poller, credentials, states) = Create();
        await states.UpdateAsync("oncall", s => s with { State = AuthState.ReauthRequired, Reason = "sign in again" }, default);

        var result = await poller.PollAsync("oncall", default);

        Assert.Equal("ReauthRequired: sign in again", result.SkippedBecause);
        Assert.Equal(0, result.Fetched);
        Assert.Equal(0, credentials.Requests);
    }

    [Theory]
    [InlineData(AuthState.CredentialInvalid)]
    [InlineData(AuthState.MailboxAccessDenied)]
    public async Task An_account_paused_for_a_problem_fixed_elsewhere_is_tried_when_the_runner_asks(AuthState state)
    {
        var (poller, credentials, states) = Create();
        await states.UpdateAsync("oncall", s => s with { State = state, Reason = "fix it" }, default);
        credentials.Failure = new AccountAuthException("oncall", state, "StillBroken", "still broken");

        var result = await poller.PollAsync("oncall", default);

        Assert.Equal(1, credentials.Requests);
        Assert.Equal($"{state}: still broken", result.SkippedBecause);
    }

    [Fact]
    public async Task A_credential_failure_that_changes_the_state_is_a_skip_not_an_exception()
    {
        var (poller, credentials, _) = Create();
        credentials.Failure = new AccountAuthException("oncall", AuthState.ReauthRequired, "invalid_grant", "The refresh token was revoked.");

        var result = await poller.PollAsync("oncall", default);

        Assert.Equal("ReauthRequired: The refresh token was revoked.", result.SkippedBecause);
    }

    [Fact]
    public async Task A_transient_credential_failure_is_thrown_for_the_caller_to_retry()
    {
        var (poller, credentials, _) = Create();
        credentials.Failure = new AccountAuthException("oncall", null, "temporarily_unavailable", "The token endpoint is busy.");

        await Assert.ThrowsAsync<AccountAuthException>(() => poller.PollAsync("oncall", default));
    }

    private static (AccountPoller Poller, FailingCredentials Credentials, AuthStateService States) Create()
    {
        var states = new AuthStateService(new MemoryAuthStates(), TimeProvider.System, NullLogger<AuthStateService>.Instance);
        var log = new InMemoryAckLog();
        var calls = new List<string>();
        var processor = new ReplyProcessor(new FakeReplyAnalyzer(calls), new FakeSenderPolicy(calls), log, log, NullLogger<ReplyProcessor>.Instance);
        var connection = new MailConnectionOptions();
        var imap = new ImapReplyReader(log, processor, connection, TimeProvider.System, NullLogger<ImapReplyReader>.Instance);
        var pop3 = new Pop3ReplyReader(log, processor, connection, TimeProvider.System, NullLogger<Pop3ReplyReader>.Instance);
        var credentials = new FailingCredentials();
        var poller = new AccountPoller(name => name == "oncall" ? credentials : throw new KeyNotFoundException(name), states, imap, pop3, NullLogger<AccountPoller>.Instance);
        return (poller, credentials, states);
    }

    private sealed class FailingCredentials : IAccountCredentials
    {
        public int Requests { get; private set; }

        public AccountAuthException? Failure { get; set; }

        public MailAccountOptions Options { get; } = new() { Name = "oncall", Mailbox = "oncall@contoso.com", IncomingServer = "imaps://127.0.0.1:1" };

        public Task<MailCredentials> GetCredentialsAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            Requests++;
            return Failure is null ? throw new InvalidOperationException("no failure configured") : Task.FromException<MailCredentials>(Failure);
        }

        public Task RecordMailboxAccessGrantedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordMailAuthenticationRejectedAsync(AuthState state, string errorCode, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class MemoryAuthStates : IAuthStateStore
    {
        private readonly Dictionary<string, AccountAuthStatus> _states = [];

        public Task<AccountAuthStatus?> GetAsync(string account, CancellationToken cancellationToken) =>
            Task.FromResult(_states.TryGetValue(account, out var status) ? status : null);

        public Task<IReadOnlyList<AccountAuthStatus>> GetAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AccountAuthStatus>>([.. _states.Values]);

        public Task SaveAsync(AccountAuthStatus status, CancellationToken cancellationToken)
        {
            _states[status.Account] = status;
            return Task.CompletedTask;
        }

        public Task DeleteAsync(string account, CancellationToken cancellationToken)
        {
            _states.Remove(account);
            return Task.CompletedTask;
        }
    }
}
