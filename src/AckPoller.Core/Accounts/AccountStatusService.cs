using AckPoller.Core.Alerts;
using AckPoller.Core.Auth.State;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;

namespace AckPoller.Core.Accounts;

/// <summary>Puts together what `ackpoller accounts`, GET /api/accounts, /healthz and the status page show per account,
/// from the store only (it works the same in the worker and in a separate CLI process).</summary>
public sealed class AccountStatusService
{
    private readonly AckPollerOptions _options;
    private readonly AuthStateService _states;
    private readonly IAccountActivityStore _activity;
    private readonly IOutboxStore _outbox;
    private readonly AlertMailIdentity? _identity;

    public AccountStatusService(AckPollerOptions options, AuthStateService states, IAccountActivityStore activity, IOutboxStore outbox, AlertMailIdentity? identity = null)
    {
        _options = options;
        _states = states;
        _activity = activity;
        _outbox = outbox;
        _identity = identity;
    }

    /// <summary>Every configured account, in configuration order.</summary>
    public async Task<IReadOnlyList<AccountStatus>> GetAllAsync(CancellationToken cancellationToken)
    {
        var activities = (await _activity.GetAllAsync(cancellationToken)).ToDictionary(a => a.Account, StringComparer.OrdinalIgnoreCase);
        var pending = await _outbox.CountAsync(OutboxState.Pending, cancellationToken);
        var result = new List<AccountStatus>(_options.Accounts.Count);
        foreach (var account in _options.Accounts)
        {
            result.Add(await BuildAsync(account, activities.GetValueOrDefault(account.Name), pending, cancellationToken));
        }

        return result;
    }

    /// <summary>One account by name (case-insensitive), or null when no such account is configured.</summary>
    public async Task<AccountStatus?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var all = await GetAllAsync(cancellationToken);
        return all.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<AccountStatus> BuildAsync(MailAccountOptions account, AccountActivity? activity, int pendingOutbox, CancellationToken cancellationToken)
    {
        var auth = await _states.GetAsync(account.Name, cancellationToken);
        var isSender = _identity?.SenderAccount is { } sender && string.Equals(sender.Name, account.Name, StringComparison.OrdinalIgnoreCase);
        return new AccountStatus
        {
            Name = account.Name,
            Mailbox = account.Mailbox,
            Protocol = account.Protocol,
            AuthKind = account.AuthKind,
            AuthState = auth.State,
            AuthReason = auth.Reason,
            AuthErrorCode = auth.ErrorCode,
            AuthSince = auth.Since,
            SignIn = auth.Challenge,
            IdleEnabled = account.Protocol == MailProtocol.Imap && account.Polling.Idle,
            Activity = activity,
            PendingOutbox = isSender ? pendingOutbox : 0,
        };
    }
}
