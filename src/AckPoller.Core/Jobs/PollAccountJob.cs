using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>The scheduled poll of one account. There is one job (and JobKey) per account, so
/// [DisallowConcurrentExecution] means: never two scheduled runs at once for one account; the runner's per-account lock
/// also keeps IDLE-triggered polls out while it runs.</summary>
[DisallowConcurrentExecution]
public sealed class PollAccountJob : IJob
{
    public const string AccountKey = "account";

    private readonly AccountPollRunner _runner;

    public PollAccountJob(AccountPollRunner runner) => _runner = runner;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!context.MergedJobDataMap.TryGetValue(AccountKey, out var value) || value is not string account)
        {
            throw new InvalidOperationException($"Job {context.JobDetail.Key} has no '{AccountKey}' in its data.");
        }

        await _runner.PollAsync(account, "schedule", cancellationToken);
    }
}
