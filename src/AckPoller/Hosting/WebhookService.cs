using AckPoller.Core.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Runs <see cref="WebhookDispatcher"/> every second under `ackpoller run` when webhooks are configured.
/// Failures of one run are logged and the next run tries again; reply processing never waits for webhooks.</summary>
internal sealed class WebhookService(WebhookDispatcher dispatcher, TimeProvider time, ILogger<WebhookService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                WebhooksLog.DeliveringFailed(logger, ex);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
