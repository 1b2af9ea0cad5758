using AckPoller.Core.Auth;
using AckPoller.Core.Notifications;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>Warns (log and admin notification, throttled) about client secrets and certificates that expire soon.</summary>
[DisallowConcurrentExecution]
public sealed class CredentialExpiryJob : IJob
{
    private readonly CredentialExpiryMonitor _monitor;
    private readonly AdminNotifier _notifier;
    private readonly ILogger _logger;

    public CredentialExpiryJob(CredentialExpiryMonitor monitor, AdminNotifier notifier, ILogger<CredentialExpiryJob> logger)
    {
        _monitor = monitor;
        _notifier = notifier;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var warning in _monitor.Check())
        {
            try
            {
                await _notifier.NotifyCredentialExpiryAsync(warning, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                JobsLog.CouldNotNotifyAdminsAbout(_logger, ex, warning.Account, warning.Credential, ex.Message);
            }
        }
    }
}
