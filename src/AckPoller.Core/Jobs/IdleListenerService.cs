using AckPoller.Core.Accounts;
using AckPoller.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Core.Jobs;

/// <summary>Runs an <see cref="ImapIdleListener"/> for every IMAP account with Polling:Idle (the default) that this node
/// owns (<see cref="IIdleOwnership"/>: every account with SQLite; with PostgreSQL the accounts whose ownership lock this
/// node holds, see <see cref="IdleOwnershipCoordinator"/>); each triggers its account's poll through the runner, under
/// the same per-account lock as the scheduled poll.</summary>
public sealed class IdleListenerService : BackgroundService
{
    private readonly AckPollerOptions _options;
    private readonly IImapIdleConnector _connector;
    private readonly AccountPauses _pauses;
    private readonly AccountPollRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IAccountActivityStore? _activity;
    private readonly IIdleOwnership _ownership;

    public IdleListenerService(AckPollerOptions options, IImapIdleConnector connector, AccountPauses pauses, AccountPollRunner runner, TimeProvider time, ILoggerFactory loggers,
        IAccountActivityStore? activity = null, IIdleOwnership? ownership = null)
    {
        _activity = activity;
        _options = options;
        _connector = connector;
        _pauses = pauses;
        _runner = runner;
        _time = time;
        _loggers = loggers;
        _ownership = ownership ?? new LocalIdleOwnership();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var accounts = _options.Accounts.Where(a => a.Protocol == MailProtocol.Imap && a.Polling.Idle).ToDictionary(a => a.Name, StringComparer.Ordinal);
        return _ownership.RunAsync(accounts.Keys.ToList(), (name, cancellationToken) => ListenAsync(accounts[name], cancellationToken), stoppingToken);
    }

    private Task ListenAsync(MailAccountOptions account, CancellationToken cancellationToken)
    {
        var logger = _loggers.CreateLogger($"AckPoller.Idle.{account.Name}");
        var listener = new ImapIdleListener(account, _connector, _pauses, _runner.RequestPoll, _time, logger);
        var name = account.Name;
        listener.ConnectionChanged += (_, connected) => _ = RecordIdleAsync(name, connected, logger);
        listener.ConnectionChanged += (_, connected) => Telemetry.IdleTelemetry.Changed(name, connected);
        listener.Idling += (_, _) => Telemetry.AckPollerMetrics.Idle(name, Telemetry.TelemetryValues.Idling);
        return RunAsync(listener, account.Name, logger, cancellationToken);
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
