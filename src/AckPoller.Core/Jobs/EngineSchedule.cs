using AckPoller.Core.Configuration;
using Quartz;

namespace AckPoller.Core.Jobs;

/// <summary>What runs when: a poll job per account (its interval or cron), the outbox, the end of snoozes, the OAuth
/// keep-alive and the expiry warnings. A missed firing (the process was down or busy) runs once as soon as possible, then the schedule goes on.</summary>
public static class EngineSchedule
{
    public const string AccountsGroup = "accounts";
    public const string EngineGroup = "engine";

    public static readonly JobKey OutboxJobKey = new("outbox", EngineGroup);
    public static readonly JobKey KeepAliveJobKey = new("token-keep-alive", EngineGroup);
    public static readonly JobKey ExpiryJobKey = new("credential-expiry", EngineGroup);
    public static readonly JobKey SnoozeJobKey = new("snooze-expiry", EngineGroup);

    public static JobKey PollJobKey(string account) => new($"poll-{account}", AccountsGroup);

    public static IReadOnlyList<ScheduledJob> Build(AckPollerOptions options, TimeProvider time, bool withOutbox)
    {
        var jobs = new List<ScheduledJob>();
        foreach (var account in options.Accounts)
        {
            var key = PollJobKey(account.Name);
            var job = JobBuilder.Create<PollAccountJob>()
                .WithIdentity(key)
                .WithDescription($"Poll account {account.Name}")
                .UsingJobData(PollAccountJob.AccountKey, account.Name)
                .Build();
            jobs.Add(new ScheduledJob(job, PollTrigger(account, key, time)));
        }

        if (withOutbox)
        {
            jobs.Add(Every<OutboxJob>(OutboxJobKey, options.Scheduling.OutboxInterval, time, "Send due outbox messages"));
            jobs.Add(Every<SnoozeExpiryJob>(SnoozeJobKey, options.Scheduling.SnoozeCheckInterval, time, "Reopen alerts whose snooze ended"));
        }

        jobs.Add(Every<TokenKeepAliveJob>(KeepAliveJobKey, options.Scheduling.KeepAliveCheckInterval, time, "Refresh idle delegated tokens"));
        jobs.Add(Every<CredentialExpiryJob>(ExpiryJobKey, options.Scheduling.ExpiryCheckInterval, time, "Warn about expiring app credentials"));
        return jobs;
    }

    public static ITrigger PollTrigger(MailAccountOptions account, JobKey job, TimeProvider time)
    {
        var builder = TriggerBuilder.Create(time)
            .WithIdentity($"{job.Name}-trigger", job.Group)
            .ForJob(job)
            .StartNow();
        if (!string.IsNullOrWhiteSpace(account.Polling.Cron))
        {
            return builder.WithSchedule(CronScheduleBuilder.Create(account.Polling.Cron)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
        }

        return builder.WithSchedule(SimpleScheduleBuilder.Create()
            .WithInterval(account.Polling.Interval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
    }

    private static ScheduledJob Every<TJob>(JobKey key, TimeSpan interval, TimeProvider time, string description)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(key).WithDescription(description).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity($"{key.Name}-trigger", key.Group)
            .ForJob(key)
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        return new ScheduledJob(job, trigger);
    }
}
