using AckPoller.Core.Accounts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Runs an <see cref="ImapIdleListener"/> for every IMAP account with Polling:Idle (the default); each
/// triggers its account's poll through the runner, under the same per-account lock as the scheduled poll.</summary>
public sealed class IdleListenerService : BackgroundService
{
    private readonly AckPollerOptions _options;
    private readonly IImapIdleConnector _connector;
    private readonly AccountPauses _pauses;
    private readonly AccountPollRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IAccountActivityStore? _activity;

    public IdleListenerService(AckPollerOptions options, IImapIdleConnector connector, AccountPauses pauses, AccountPollRunner runner, TimeProvider time, ILoggerFactory loggers,
        IAccountActivityStore? activity = null)
    {
        _activity = activity;
        _options = options;
        _connector = connector;
        _pauses = pauses;
        _runner = runner;
        _time = time;
        _loggers = loggers;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listeners = new List<Task>();
        foreach (var account in _options.Accounts)
        {
            if (account.Protocol != MailProtocol.Imap || !account.Polling.Idle)
            {
                continue;
            }

            var logger = _loggers.CreateLogger($"AckPoller.Idle.{account.Name}");
            var listener = new ImapIdleListener(account, _connector, _pauses, _runner.RequestPoll, _time, logger);
            var name = account.Name;
            listener.ConnectionChanged += (_, connected) => _ = RecordIdleAsync(name, connected, logger);
            listener.ConnectionChanged += (_, connected) => Telemetry.IdleTelemetry.Changed(name, connected);
            listener.Idling += (_, _) => Telemetry.AckPollerMetrics.Idle(name, Telemetry.TelemetryValues.Idling);
            listeners.Add(RunAsync(listener, account.Name, logger, stoppingToken));
        }

        return Task.WhenAll(listeners);
    }

    private async Task RecordIdleAsync(string account, bool connected, ILogger logger)
    {
        if (_activity is null)
        {
            return;
        }

        try
        {
            await _activity.RecordIdleAsync(account, connected, _time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex)
        {
            IdleLog.CouldNotRecordIdleState(logger, ex, account, ex.Message);
        }
    }

    private static async Task RunAsync(ImapIdleListener listener, string account, ILogger logger, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var scope = Telemetry.AccountLogScope.Begin(logger, account);
        try
        {
            await listener.RunAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            IdleLog.IdleListenerStopped(logger, ex, account);
        }
    }
}
