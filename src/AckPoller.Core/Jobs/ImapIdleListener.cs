using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.MailErrors;
using AckPoller.Core.Resilience;
using AckPoller.Mail;
using AckPoller.Mail.Imap;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Keeps one account's IMAP connection in IDLE and asks for a poll as soon as the server reports new mail, so a
/// reply is processed about a second after delivery. Re-IDLEs every Polling:IdleRenewal (under 29 minutes); reconnects
/// with exponential backoff and jitter; on "BYE … AccessTokenExpired" reconnects at once with a token fresh from the
/// endpoint; after Polling:IdleFailuresBeforeFallback failures of IDLE in a row on a server it could connect to, relies
/// on polling alone for Polling:IdleFallbackPeriod (logged once). A server that cannot be reached at all (an outage,
/// which breaks polling too) is no reason to give IDLE up: it is retried with backoff capped at
/// <see cref="OutageRetryMaxDelay"/>, so IDLE is back within that long of the server's return. Stops while the account
/// is paused. Polls on every (re)connect, so mail that
/// arrived while it was not listening is picked up too.</summary>
public sealed class ImapIdleListener
{
    /// <summary>The longest wait between connect attempts while the server cannot be reached.</summary>
    public static readonly TimeSpan OutageRetryMaxDelay = TimeSpan.FromSeconds(30);

    private readonly MailAccountOptions _account;
    private readonly IImapIdleConnector _connector;
    private readonly AccountPauses _pauses;
    private readonly Action<string, string> _requestPoll;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly TimeSpan _reconnectBaseDelay;
    private readonly TimeSpan _reconnectMaxDelay;

    public ImapIdleListener(
        MailAccountOptions account,
        IImapIdleConnector connector,
        AccountPauses pauses,
        Action<string, string> requestPoll,
        TimeProvider time,
        ILogger logger,
        Func<double>? random = null,
        TimeSpan? reconnectBaseDelay = null,
        TimeSpan? reconnectMaxDelay = null)
    {
        _account = account;
        _connector = connector;
        _pauses = pauses;
        _requestPoll = requestPoll;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
        _reconnectBaseDelay = reconnectBaseDelay ?? TimeSpan.FromSeconds(1);
        _reconnectMaxDelay = reconnectMaxDelay ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>Raised each time the listener enters IDLE (after connecting, and after every change or renewal).</summary>
    public event EventHandler? Idling;

    /// <summary>Raised with true when an IDLE connection is ready, and with false when it closes.</summary>
    public event EventHandler<bool>? ConnectionChanged;

    /// <summary>True while IDLE is given up and the account relies on polling alone.</summary>
    public bool FellBackToPolling { get; private set; }

    /// <summary>How many connections were made (1 = never reconnected).</summary>
    public int Connections { get; private set; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, or for good when the server does not offer IDLE.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var name = _account.Name;
        var failures = 0;
        var outageFailures = 0;
        var freshToken = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await WaitAsync(_pauses.WaitUntilResumedAsync(name, cancellationToken)))
            {
                return;
            }

            var pausedToken = _pauses.PausedToken(name);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pausedToken);
            ImapClient? client = null;
            TimeSpan? wait = null;
            var connected = false;
            try
            {
                try
                {
                    client = await _connector.ConnectAsync(name, freshToken, linked.Token);
                }
                catch (Exception ex) when (ex is MailConnectionException or MailTlsException or IOException or System.Net.Sockets.SocketException or TimeoutException
                    || ex is AccountAuthException { IsTransient: true })
                {
                    throw new ServerUnreachableException(ex);
                }

                freshToken = false;
                outageFailures = 0;
                Connections++;
                if (!client.Supports("IDLE"))
                {
                    IdleLog.IdleNotOffered(_logger, name);
                    return;
                }

                await client.ExamineAsync(_account.Polling.IdleFolder, linked.Token);
                if (FellBackToPolling)
                {
                    IdleLog.IdleWorksAgain(_logger, name);
                    FellBackToPolling = false;
                }

                connected = true;
                ConnectionChanged?.Invoke(this, true);
                _requestPoll(name, "idle connected");
                while (true)
                {
                    Idling?.Invoke(this, EventArgs.Empty);
                    var result = await client.IdleAsync(_account.Polling.IdleRenewal, linked.Token);
                    failures = 0;
                    if (result.HasNewMessages)
                    {
                        _requestPoll(name, "idle");
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (pausedToken.IsCancellationRequested)
            {
                IdleLog.PausedIdleClosed(_logger, name);
            }
            catch (MailException ex) when (MailFailure.From(ex) is { AccessTokenExpired: true })
            {
                IdleLog.IdleTokenExpired(_logger, name);
                freshToken = true;
            }
            catch (AccountAuthException ex) when (!ex.IsTransient)
            {
                // The state change pauses the account (and notifies the admins); wait for it rather than spin.
                IdleLog.IdleCannotAuthenticate(_logger, name, ex.Reason);
                wait = Backoff.Delay(++failures, _reconnectBaseDelay, _reconnectMaxDelay, _random());
            }
            catch (ServerUnreachableException ex)
            {
                // An outage (polling fails too): not IDLE's fault, so it does not count toward the fallback.
                var maxDelay = _reconnectMaxDelay < OutageRetryMaxDelay ? _reconnectMaxDelay : OutageRetryMaxDelay;
                wait = FellBackToPolling ? _account.Polling.IdleFallbackPeriod : Backoff.Delay(++outageFailures, _reconnectBaseDelay, maxDelay, _random());
                IdleLog.IdleServerUnreachable(_logger, name, ex.InnerException!.Message, wait);
            }
            catch (Exception ex)
            {
                failures++;
                if (failures >= _account.Polling.IdleFailuresBeforeFallback)
                {
                    if (!FellBackToPolling)
                    {
                        FellBackToPolling = true;
                        IdleLog.IdleFallingBackToPolling(_logger, MailErrors.MailFailures.IsTransient(ex) ? null : ex, name, failures, ex.Message, _account.Polling.Cron ?? _account.Polling.Interval.ToString(), _account.Polling.IdleFallbackPeriod);
                    }

                    wait = _account.Polling.IdleFallbackPeriod;
                }
                else
                {
                    wait = Backoff.Delay(failures, _reconnectBaseDelay, _reconnectMaxDelay, _random());
                    IdleLog.IdleReconnecting(_logger, MailErrors.MailFailures.IsTransient(ex) ? null : ex, name, ex.Message, wait);
                }
            }
            finally
            {
                if (client is not null)
                {
                    await CloseAsync(client);
                }

                if (connected)
                {
                    ConnectionChanged?.Invoke(this, false);
                }
            }

            if (wait is { } delay && !await WaitAsync(Task.Delay(delay, _time, cancellationToken)))
            {
                return;
            }
        }
    }

    /// <summary>The connection could not be made at all (refused, unreachable, TLS handshake, timeout).</summary>
    private sealed class ServerUnreachableException(Exception inner) : Exception(inner.Message, inner);

    private static async Task<bool> WaitAsync(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CloseAsync(ImapClient client)
    {
        try
        {
            if (client.Connection is { IsUsable: true })
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.LogoutAsync(timeout.Token);
            }
        }
        catch (Exception ex)
        {
            IdleLog.IdleLogoutFailed(_logger, _account.Name, ex.Message);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }
}
