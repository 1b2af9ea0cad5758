using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Notifications;

/// <summary>Tells the admins about accounts that need them and credentials that expire, through the backup channel,
/// at most once per Notifications:RepeatEvery for the same condition of the same account (remembered in the store, so a
/// restart does not repeat it); a new condition (another state) is told at once.</summary>
public sealed class AdminNotifier : IDisposable
{
    public const string AuthTopic = "auth";

    private readonly AckPollerOptions _options;
    private readonly IAdminNotificationChannel? _channel;
    private readonly INotificationLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private int _warnedNoChannel;

    public AdminNotifier(AckPollerOptions options, INotificationLog log, TimeProvider time, ILogger<AdminNotifier> logger, IAdminNotificationChannel? channel = null)
    {
        _options = options;
        _channel = channel;
        _log = log;
        _time = time;
        _logger = logger;
    }

    /// <summary>Returns true when a notification was sent.</summary>
    public Task<bool> NotifyAccountPausedAsync(AccountAuthStatus status, CancellationToken cancellationToken) =>
        NotifyAsync(status.Account, AuthTopic, Condition(status), () => AdminMessages.AccountPaused(status, _time.GetUtcNow()), cancellationToken);

    public Task<bool> NotifyCredentialExpiryAsync(CredentialExpiryWarning warning, CancellationToken cancellationToken) =>
        NotifyAsync(warning.Account, "expiry:" + warning.Credential, warning.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            () => AdminMessages.CredentialExpiring(warning), cancellationToken);

    public void Dispose() => _lock.Dispose();

    /// <summary>A change of state is new; a renewed sign-in challenge in the same state is not (device codes are renewed
    /// every few minutes, and admins would be flooded): the repeat shows the challenge current then.</summary>
    private static string Condition(AccountAuthStatus status) => status.State.ToString();

    private async Task<bool> NotifyAsync(string account, string topic, string condition, Func<AdminMessage> message, CancellationToken cancellationToken)
    {
        var admins = _options.Notifications.EffectiveAdmins(_options.Auth);
        if (_channel is null || admins.Count == 0)
        {
            if (Interlocked.Exchange(ref _warnedNoChannel, 1) == 0)
            {
                NotificationsLog.AdminsCannotNotifiedConfigureNotifications(_logger);
            }

            return false;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var last = await _log.GetAsync(account, topic, cancellationToken);
            if (last is not null && last.Condition == condition && now - last.NotifiedAt < _options.Notifications.RepeatEvery)
            {
                return false;
            }

            var text = message();
            await _channel.SendAsync([.. admins], text, cancellationToken);
            await _log.SaveAsync(new NotificationRecord(account, topic, condition, now), cancellationToken);
            NotificationsLog.AdminsNotified(_logger, account, topic, text.Subject);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }
}
