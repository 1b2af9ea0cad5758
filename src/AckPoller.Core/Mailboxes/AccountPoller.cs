using AckPoller.Core.Auth;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.Processing;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Mailboxes;

/// <summary>Polls one account once: IMAP or POP3 reader, then the reply processor. An account waiting for someone to sign
/// in (ReauthRequired) is skipped with a <see cref="PollResult.SkippedBecause"/>: no poll can fix that. Accounts paused
/// for CredentialInvalid or MailboxAccessDenied are polled when asked, because the runner asks only for its trial polls
/// (Scheduling:PausedRecheckInterval), which is how a problem fixed outside AckPoller clears.
/// Per-message problems never throw; connection failures and transient token failures do, for the caller to retry.</summary>
public sealed class AccountPoller : IAccountPoller
{
    private readonly Func<string, IAccountCredentials> _accounts;
    private readonly AuthStateService _states;
    private readonly ImapReplyReader _imap;
    private readonly Pop3ReplyReader _pop3;
    private readonly ILogger _logger;

    public AccountPoller(AccountAuthenticators authenticators, ImapReplyReader imap, Pop3ReplyReader pop3, ILogger<AccountPoller> logger)
        : this(name => authenticators.Get(name), authenticators.States, imap, pop3, logger)
    {
    }

    /// <param name="accounts">Finds an account's credentials by name; throws <see cref="KeyNotFoundException"/> for an unknown one.</param>
    public AccountPoller(Func<string, IAccountCredentials> accounts, AuthStateService states, ImapReplyReader imap, Pop3ReplyReader pop3, ILogger<AccountPoller> logger)
    {
        _accounts = accounts;
        _states = states;
        _imap = imap;
        _pop3 = pop3;
        _logger = logger;
    }

    public async Task<PollResult> PollAsync(string account, CancellationToken cancellationToken)
    {
        var credentials = _accounts(account);
        var status = await _states.GetAsync(account, cancellationToken);
        if (status.State == AuthState.ReauthRequired)
        {
            return Skipped(account, status.State, status.Reason);
        }

        PollResult result;
        try
        {
            result = credentials.Options.Protocol == MailProtocol.Imap
                ? await _imap.ReadAsync(credentials, cancellationToken)
                : await _pop3.ReadAsync(credentials, cancellationToken);
        }
        catch (AccountAuthException ex) when (ex.State is { } state)
        {
            return Skipped(account, state, ex.Reason);
        }

        if (result.Fetched > 0)
        {
            ProcessingLog.Polled(_logger, account, result.Fetched, result.Applied, result.Rejected, result.Ignored, result.Failed);
        }

        return result;
    }

    private PollResult Skipped(string account, AuthState state, string? reason)
    {
        var because = $"{state}: {reason ?? "no reason recorded"}";
        ProcessingLog.PollingPaused(_logger, account, because);
        return new PollResult(account, 0, 0, 0, 0, 0) { SkippedBecause = because };
    }
}
