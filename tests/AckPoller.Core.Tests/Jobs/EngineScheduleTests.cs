using AckPoller.Core.Configuration;
using AckPoller.Core.Jobs;
using AckPoller.Core.MailErrors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace AckPoller.Core.Tests.Jobs;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class EngineScheduleTests
{
    [Fact]
    public void Each_account_gets_its_own_non_concurrent_poll_job_and_a_misfire_runs_once_now()
    {
        var options = JobsTestOptions.With("a", "b");
        options.Accounts[0].Polling.Interval = TimeSpan.FromSeconds(30);
        options.Accounts[1].Polling.Cron = "0 0/5 * * * ?";

        var jobs = EngineSchedule.Build(options, TimeProvider.System, withOutbox: true);

        var pollA = jobs.Single(j => j.Job.Key.Equals(EngineSchedule.PollJobKey("a")));
        var pollB = jobs.Single(j => j.Job.Key.Equals(EngineSchedule.PollJobKey("b")));
        Assert.True(pollA.Job.ConcurrentExecutionDisallowed);
        Assert.True(pollB.Job.ConcurrentExecutionDisallowed);
        var simple = Assert.IsAssignableFrom<ISimpleTrigger>(pollA.Trigger);
        Assert.Equal(TimeSpan.FromSeconds(30), simple.RepeatInterval);
        Assert.Equal(SimpleTriggerMisfireInstruction.FireNow, simple.MisfireInstruction);
        var cron = Assert.IsAssignableFrom<ICronTrigger>(pollB.Trigger);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, cron.MisfireInstruction);
        Assert.Contains(jobs, j => j.Job.Key.Equals(EngineSchedule.OutboxJobKey));
        Assert.Contains(jobs, j => j.Job.Key.Equals(EngineSchedule.KeepAliveJobKey));
        Assert.Contains(jobs, j => j.Job.Key.Equals(EngineSchedule.ExpiryJobKey));
        var snooze = jobs.Single(j => j.Job.Key.Equals(EngineSchedule.SnoozeJobKey));
        Assert.Equal(typeof(SnoozeExpiryJob), snooze.Job.JobType.Type);
        Assert.Equal(options.Scheduling.SnoozeCheckInterval, Assert.IsAssignableFrom<ISimpleTrigger>(snooze.Trigger).RepeatInterval);
    }

    [Fact]
    public void Without_an_outbox_sender_no_outbox_job_is_scheduled()
    {
        var jobs = EngineSchedule.Build(JobsTestOptions.With("a"), TimeProvider.System, withOutbox: false);

        Assert.DoesNotContain(jobs, j => j.Job.Key.Equals(EngineSchedule.OutboxJobKey));
    }

    [Fact]
    public async Task Under_Quartz_a_hung_account_blocks_only_itself_and_is_never_run_twice_at_once()
    {
        var options = JobsTestOptions.With("a", "b");
        foreach (var account in options.Accounts)
        {
            account.Polling.Interval = TimeSpan.FromMilliseconds(200);
        }

        var poller = new FakeAccountPoller();
        var release = new TaskCompletionSource();
        poller.Holds["a"] = release.Task;
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IAccountPoller>(poller);
        services.AddSingleton(new MailPipelines(options.Scheduling, TimeProvider.System, NullLogger<MailPipelines>.Instance));
        services.AddSingleton<AccountPollGate>();
        services.AddSingleton(new AccountPauses(null, NullLogger<AccountPauses>.Instance));
        services.AddSingleton(sp => new AccountPollRunner(options, poller, sp.GetRequiredService<AccountPollGate>(), sp.GetRequiredService<AccountPauses>(),
            sp.GetRequiredService<MailPipelines>(), null, TimeProvider.System, NullLogger<AccountPollRunner>.Instance));
        services.AddTransient<PollAccountJob>();
        services.AddQuartz(q => q.UseDefaultThreadPool(4));
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(default);
        foreach (var job in EngineSchedule.Build(options, TimeProvider.System, withOutbox: false).Where(j => j.Job.Key.Group == EngineSchedule.AccountsGroup))
        {
            await scheduler.ScheduleJob(job.Job, job.Trigger, cancellationToken: default);
        }

        await scheduler.Start(default);
        try
        {
            await JobsTestOptions.EventuallyAsync(() => poller.CallsFor("b") >= 4, "b polled again and again while a hangs", 10_000);
            Assert.Equal(1, poller.CallsFor("a"));
            release.SetResult();
            await JobsTestOptions.EventuallyAsync(() => poller.CallsFor("a") >= 2, "a polled again once released", 10_000);
            Assert.Equal(1, poller.MaxConcurrent["a"]);
        }
        finally
        {
            await scheduler.Shutdown(true, default);
        }
    }
}
