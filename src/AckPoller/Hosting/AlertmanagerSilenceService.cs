using AckPoller.Core.Integrations.Alertmanager;
using AckPoller.Core.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Runs <see cref="AlertmanagerSilencer"/> every couple of seconds under `ackpoller run` when
/// Integrations:Alertmanager:Url is set; while Alertmanager is down it backs off (2 s doubling to 5 min, jittered) and
/// the acknowledgements wait in the ack log. Reply processing never waits for it.</summary>
internal sealed class AlertmanagerSilenceService(AlertmanagerSilencer silencer, TimeProvider time, ILogger<AlertmanagerSilenceService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await silencer.RunOnceAsync(stoppingToken);
                if (failures > 0)
                {
                    AlertmanagerLog.ReachableAgain(logger);
                }

                failures = 0;
            }
            catch (AlertmanagerUnavailableException ex)
            {
                failures++;
                AlertmanagerLog.UnavailableSilencesQueued(logger, ex.Message, failures);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                AlertmanagerLog.MakingSilencesFailed(logger, ex, failures);
            }

            var delay = failures == 0 ? Interval : Backoff.Delay(failures, Interval, MaxDelay, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
